package dev.concierge.dialogue;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Conversation limits and the clarification policy's knobs. */
@ConfigMapping(prefix = "concierge.dialogue")
public interface DialogueConfig {

    /**
     * Build the dialogue index before the application reports itself started, instead of beside it (readiness waits
     * for it then). For tests: a test's first request would otherwise race the build and may get a 503.
     */
    @WithDefault("false")
    boolean indexBeforeStart();

    /** How long an idle conversation's working state stays in Redis (the transcript stays in PostgreSQL). */
    @WithDefault("P7D")
    Duration stateTtl();

    /** How long a clientMessageId is remembered for idempotent re-sends. */
    @WithDefault("PT24H")
    Duration idempotencyTtl();

    /** Upper bound on one turn; a turn lock older than this is considered abandoned. */
    @WithDefault("PT30S")
    Duration turnTimeout();

    /** Clarifying questions per conversation before the engine recommends anyway. */
    @WithDefault("3")
    int maxQuestions();

    /** Recommend without asking once this few candidates remain. */
    @WithDefault("10")
    int fewEnough();

    /** Recommendations shown in one turn. */
    @WithDefault("3")
    int picksPerTurn();

    /** Candidates handed to the responder (the LLM may pick among them). */
    @WithDefault("12")
    int candidatesForReply();

    /** Messages of the conversation that a reply sees (the rest is summarised by state and instructions). */
    @WithDefault("8")
    int window();

    /** Messages a seeded history may carry. */
    @WithDefault("200")
    int maxHistory();

    /** Largest recommendations?limit=. */
    @WithDefault("100")
    int maxRecommendations();

    /** Item co-occurrence model learned from dialogues ({@code classpath:} or a file path). */
    @WithDefault("classpath:catalog/redial-cooccurrence.tsv")
    String cooccurrence();

    /** Learn preferences from chat turns (a privacy choice an operator may turn off; the extract API still works). */
    @WithDefault("true")
    boolean learnFromTurns();

    /**
     * Learn standing preferences from the user's messages of a seeded history. Off by default: a seeded history
     * sets up this conversation's state; importing old chats into the long-term profile is an explicit act
     * (POST /api/v1/me/instructions/extract).
     */
    @WithDefault("false")
    boolean learnFromHistory();

    /** A streamed token frame carries at least this many characters... */
    @WithDefault("16")
    int streamMinChars();

    /** ...unless this long passed since the previous one (see TokenBatcher). */
    @WithDefault("PT0.04S")
    Duration streamMaxDelay();

    /** Conversations listed by GET /conversations. */
    @WithDefault("100")
    int listLimit();
}
