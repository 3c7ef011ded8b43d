package dev.concierge.dialogue;

import dev.concierge.error.ApiException;
import dev.concierge.llm.AppliedInstruction;
import dev.concierge.llm.CandidateItem;
import dev.concierge.llm.ChatLine;
import dev.concierge.llm.ClarifyPlan;
import dev.concierge.llm.Pick;
import dev.concierge.llm.Reply;
import dev.concierge.llm.ReplyEvent;
import dev.concierge.llm.ReplyRequest;
import dev.concierge.llm.ReplyService;
import dev.concierge.catalog.CatalogItem;
import dev.concierge.dialogue.InstructionConstraints.Constraints;
import dev.concierge.platform.CpuPool;
import dev.concierge.platform.Started;
import dev.concierge.profile.Instruction;
import dev.concierge.profile.ProfileService;
import dev.concierge.profile.TurnReads;
import dev.concierge.profile.retrieval.Scored;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One turn end to end: lock and load state (one Redis round trip) -> learn from the message, and beside it retrieve
 * the applicable instructions -> understand -> decide (clarify / recommend / answer) -> rank catalog candidates (again after
 * learning when the message taught something) -> respond (LLM or offline, streamed) -> ground (only candidates,
 * only what honours the instructions) -> persist transcript and state.
 * The same stream of events serves REST, SSE and WebSocket.
 */
@ApplicationScoped
public class TurnEngine {

    /** What a channel sees of a turn, in order: Started, zero or more Token, Done. */
    public sealed interface TurnEvent permits TurnEvent.Started, TurnEvent.Token, TurnEvent.Done {
        record Started(String conversationId, String messageId) implements TurnEvent {
        }

        record Token(String text) implements TurnEvent {
        }

        record Done(Turn turn) implements TurnEvent {
        }
    }

    /** Everything decided before the responder speaks. */
    private record Planned(String conversationId, ConversationStore.WorkingState before, DialogueState after,
                           String userMessageId, String lockToken, Policy.Decision decision, List<Ranker.Ranked> ranked,
                           List<Instruction> applied, List<Instruction> overridden, List<Instruction> learned,
                           Uni<Void> learnedStored, ReplyRequest request) {
    }

    /** A new conversation's state: nothing said yet. */
    private static final ConversationStore.WorkingState EMPTY =
            new ConversationStore.WorkingState(DialogueState.empty(), 0, null, List.of());

    private final Transcripts transcripts;
    private final ConversationStore store;
    private final ProfileService profiles;
    private final DialogueEngine engine;
    private final ReplyService replies;
    private final CpuPool cpu;
    private final DialogueConfig config;
    private final MeterRegistry metrics;
    private final dev.concierge.security.RateLimiter rateLimiter;

    TurnEngine(Transcripts transcripts, ConversationStore store, ProfileService profiles, DialogueEngine engine,
               ReplyService replies, CpuPool cpu, DialogueConfig config, MeterRegistry metrics,
               dev.concierge.security.RateLimiter rateLimiter) {
        this.rateLimiter = rateLimiter;
        this.transcripts = transcripts;
        this.store = store;
        this.profiles = profiles;
        this.engine = engine;
        this.replies = replies;
        this.cpu = cpu;
        this.config = config;
        this.metrics = metrics;
    }

    // ------------------------------------------------------------------ conversations

    public record NewConversation(String id, Instant createdAt) {
    }

    /** Creates a conversation, optionally seeded with earlier turns (a chat moved from another channel). */
    public Uni<NewConversation> create(String user, String domain, List<ChatLine> history) {
        Conversation c = conversation(user, domain);
        List<ConversationMessage> rows = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<ProfileService.Message> userLines = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            ChatLine line = history.get(i);
            ConversationMessage m = message(c.id, i, line.role(), line.text(), null);
            rows.add(m);
            ids.add(m.id);
            userLines.add(new ProfileService.Message(line.role(), line.text()));
        }
        Uni<DialogueState> seed = history.isEmpty() ? Uni.createFrom().item(EMPTY.dialogue())
                : cpu.run(() -> StateTracker.seed(history.stream().map(l -> new Msg(l.role(), l.text())).toList(),
                        engine.parts().index()));
        return seed
                .chain(seeded -> transcripts.create(c, rows)
                        .chain(() -> store.save(user, c.id, new ConversationStore.WorkingState(seeded, rows.size(),
                                lastUserText(history), history.subList(Math.max(0, history.size() - config.window()), history.size()))))
                        .chain(() -> userLines.isEmpty() || !config.learnFromHistory() ? Uni.createFrom().voidItem()
                                : profiles.learn(user, userLines, ids, c.id).replaceWithVoid()))
                .replaceWith(new NewConversation(c.id, c.createdAt));
    }

    private static Conversation conversation(String user, String domain) {
        Conversation c = new Conversation();
        c.id = "c_" + shortId();
        c.userId = user;
        c.domain = domain;
        c.createdAt = Instant.now();
        c.updatedAt = c.createdAt;
        return c;
    }

    // ------------------------------------------------------------------ a turn

    public Multi<TurnEvent> turn(String user, String conversationId, String text, String clientMessageId) {
        return turn(user, conversationId, text, clientMessageId, null);
    }

    /**
     * The first turn of a new conversation (a socket's message without a conversationId). The conversation's row is
     * written beside the turn instead of before it, and the turn's messages wait for it: on the socket's first turn
     * that took a PostgreSQL commit, a CPU-pool hop and a Redis write off the time the user waits. A new
     * conversation's state is known (empty), so none is read.
     */
    public Multi<TurnEvent> firstTurn(String user, String text, String clientMessageId) {
        Conversation c = conversation(user, null);
        Uni<Void> stored = Started.now(transcripts.create(c, List.of())); // the turn's commit awaits the outcome
        return turn(user, c.id, text, clientMessageId, stored);
    }

    /** {@code created}: a new conversation's row being written (the turn starts from the empty state), else null. */
    private Multi<TurnEvent> turn(String user, String conversationId, String text, String clientMessageId, Uni<Void> created) {
        Timer.Sample sample = Timer.start(metrics);
        long start = System.nanoTime();
        return store.start(user, conversationId, clientMessageId, rateLimiter.turns(user)).onItem().transformToMulti(s -> {
            if (s.replayed() != null) {
                return Multi.createFrom().items(new TurnEvent.Started(conversationId, s.replayed().messageId()),
                        new TurnEvent.Done(s.replayed()));
            }
            if (s.rateWindowLeftMs() != null) {
                throw rateLimiter.exceeded(s.rateWindowLeftMs());
            }
            if (s.busy()) {
                throw ApiException.conflict("A turn of conversation " + conversationId + " is still in progress");
            }
            ConversationStore.Locked locked = created == null ? s.locked()
                    : new ConversationStore.Locked(s.locked().token(), EMPTY);
            return plan(user, conversationId, text, locked).onItem().transformToMulti(p -> {
                stage("plan", start);
                return respond(user, clientMessageId, p, sample, created == null ? Uni.createFrom().voidItem() : created);
            });
        });
    }

    private Uni<Planned> plan(String user, String conversationId, String text, ConversationStore.Locked locked) {
        String token = locked.token();
        return workingState(user, conversationId, locked.state()).chain(state -> {
            String userMessageId = "m_" + shortId();
            long start = System.nanoTime();
            // the profile is read and the message embedded once, by whichever of the retrieval and the learning asks first
            CpuPool.Lane lane = cpu.lane();
            TurnReads reads = profiles.turnReads(user, lane);
            if (!config.learnFromTurns()) {
                lane.hurry(); // no extraction to run beside: the reply waits for the decision from the start
            }
            Uni<ProfileService.Heard> heard = (config.learnFromTurns()
                    ? profiles.learnFromTurn(user, text, conversationId, userMessageId, reads)
                    : Uni.createFrom().item(ProfileService.Heard.NOTHING)).invoke(() -> stage("learn", start));
            // Learning (an LLM call of a few hundred ms) and deciding with the profile as it stands run side by
            // side; only a message that taught something is decided again, with the profile it left, in the same
            // trip to the CPU pool that plans the learning, while that profile is written beside the reply (the turn
            // commits only once it is stored).
            Uni<Planned> speculative = decide(user, conversationId, state, text, userMessageId, token, lane, reads)
                    .invoke(() -> stage("decide", start));
            return Uni.combine().all().unis(heard, speculative).asTuple().chain(both -> {
                ProfileService.Heard said = both.getItem1();
                if (!said.saidAnything()) {
                    return Uni.createFrom().item(both.getItem2());
                }
                // the reply waits for this one: nothing else of the turn is left to run beside it
                return cpu.runUrgent(() -> {
                    ProfileService.TurnLearning learned = said.plan();
                    return learned.profile() == null ? both.getItem2()
                            : decide(user, conversationId, state, text, userMessageId, token, learned.profile(),
                            learned.result().added(), learned.written());
                }).invoke(() -> stage("teach", said.heardNanos()));
            });
        }).onFailure().call(() -> store.unlock(user, conversationId, token));
    }

    /** Retrieval of the applicable instructions (the turn's profile read), then the decision on the CPU pool. */
    private Uni<Planned> decide(String user, String conversationId, ConversationStore.WorkingState state, String text,
                                String userMessageId, String token, CpuPool.Lane lane, TurnReads reads) {
        return profiles.applicable(text, reads).chain(tp -> lane.run(() ->
                decide(user, conversationId, state, text, userMessageId, token, tp, List.of(), Uni.createFrom().voidItem())));
    }

    private Planned decide(String user, String conversationId, ConversationStore.WorkingState state, String text,
                           String userMessageId, String token, ProfileService.TurnProfile tp, List<Instruction> learned, Uni<Void> learnedStored) {
        DialogueEngine.Parts parts = engine.parts();
        RequestFrame frame = Understanding.parse(text, parts.index());
        List<Instruction> overridden = tp.selection().overridden().stream().map(Scored::instruction).toList();
        Set<String> overriddenBefore = Set.copyOf(state.dialogue().overridden());
        List<Instruction> selected = tp.selection().applied().stream().map(Scored::instruction)
                .filter(i -> !overriddenBefore.contains(i.id())).toList();
        // A condition met once in a conversation ("we're on a date") holds for its next turns, until a message
        // says it does not ("she left, I'm alone now"); an override ("this time a horror film is fine") lasts
        // for the conversation too, unless the user states the instruction again.
        Set<String> conditionsMet = new LinkedHashSet<>(state.dialogue().conditionsMet());
        tp.selection().conditionsNotHolding().forEach(s -> conditionsMet.remove(s.instruction().id()));
        selected.stream().filter(i -> i.condition() != null).forEach(i -> conditionsMet.add(i.id()));
        Set<String> overriddenIds = new LinkedHashSet<>(state.dialogue().overridden());
        overriddenIds.addAll(ids(overridden));
        learned.forEach(i -> overriddenIds.remove(i.id()));
        DialogueState after = StateTracker.apply(state.dialogue(), frame)
                .withInstructionState(List.copyOf(conditionsMet), List.copyOf(overriddenIds));
        List<Instruction> catalogBound = catalogBound(tp.active(), overriddenIds, conditionsMet);
        Constraints constraints = InstructionConstraints.from(catalogBound, parts.index());
        Policy.Decision decision = parts.policy().decide(after, frame, constraints, policyConfig());
        // a clarifying turn also sees the leading candidates: the LLM can ground its question in them, and every
        // turn's prompt has the same shape, so its size stays flat whatever the act
        boolean needsCandidates = Policy.RECOMMEND.equals(decision.act()) || Policy.CLARIFY.equals(decision.act());
        List<Ranker.Ranked> ranked = needsCandidates
                ? parts.ranker().rank(after, constraints, parts.index(), config.candidatesForReply()) : List.of();
        List<Instruction> applied = appliedSet(selected, catalogBound, constraints, decision);
        ReplyRequest request = new ReplyRequest(text, window(state, text), decision.act(), clarifyPlan(decision),
                candidates(ranked, parts.index()), config.picksPerTurn(), applied.stream().map(TurnEngine::ref).toList(),
                after.mentioned().stream().skip(Math.max(0, after.mentioned().size() - 20)).map(id -> name(parts.index(), id)).toList(),
                user);
        return new Planned(conversationId, state, after, userMessageId, token, decision, ranked, applied, overridden, learned,
                learnedStored, request);
    }

    private Multi<TurnEvent> respond(String user, String clientMessageId, Planned p, Timer.Sample sample,
                                     Uni<Void> conversationStored) {
        String conversationId = p.conversationId();
        String assistantMessageId = "m_" + shortId();
        long tReply = System.nanoTime();
        TokenBatcher batcher = new TokenBatcher(config.streamMinChars(), config.streamMaxDelay().toNanos());
        AtomicBoolean committed = new AtomicBoolean();
        Multi<TurnEvent> body = replies.respond(p.request()).onItem().transformToMultiAndConcatenate(ev -> {
            if (ev instanceof ReplyEvent.Token t) {
                String piece = batcher.offer(t.text(), System.nanoTime());
                return piece == null ? Multi.createFrom().empty() : Multi.createFrom().item(new TurnEvent.Token(piece));
            }
            stage("reply", tReply);
            long tPersist = System.nanoTime();
            Reply reply = ((ReplyEvent.Final) ev).reply();
            Turn turn = ground(conversationId, assistantMessageId, p, reply);
            // the turn lock is released (by persist) before the client sees the turn: it may send the next message at once
            Multi<TurnEvent> done = conversationStored.chain(() -> persist(user, clientMessageId, p, turn)).map(v -> {
                committed.set(true);
                stage("persist", tPersist);
                sample.stop(metrics.timer("concierge.turn", "act", turn.act()));
                return (TurnEvent) new TurnEvent.Done(turn);
            }).toMulti();
            String rest = batcher.drain();
            return rest == null ? done
                    : Multi.createBy().concatenating().streams(Multi.createFrom().item(new TurnEvent.Token(rest)), done);
        });
        return Multi.createBy().concatenating()
                .streams(Multi.createFrom().item(new TurnEvent.Started(conversationId, assistantMessageId)), body)
                // the commit released the lock; after a failure or cancellation it is released here (the token
                // makes a release of a lock that another turn took since a no-op)
                .onTermination().call(() -> committed.get() ? Uni.createFrom().voidItem()
                        : store.unlock(user, conversationId, p.lockToken()));
    }

    /** Grounding in code: only ranked candidates reach the user, each with a reason and the instructions it honours. */
    private Turn ground(String conversationId, String messageId, Planned p, Reply reply) {
        Map<String, Ranker.Ranked> byId = new LinkedHashMap<>();
        p.ranked().forEach(r -> byId.put(r.itemId(), r));
        List<Turn.Recommendation> recs = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        List<Pick> picks = Policy.RECOMMEND.equals(p.decision().act()) && reply.picks() != null ? reply.picks() : List.of();
        for (Pick pick : picks) {
            Ranker.Ranked r = byId.get(pick.itemId());
            if (r == null || !seen.add(r.itemId()) || recs.size() >= config.picksPerTurn()) {
                continue;
            }
            String reason = pick.reason() == null || pick.reason().isBlank() ? r.reason() : pick.reason();
            recs.add(new Turn.Recommendation(r.itemId(), r.name(), reason, r.appliedInstructionIds()));
        }
        String act = p.decision().act();
        if (Turn.RECOMMEND.equals(act) && recs.isEmpty()) {
            act = Turn.ANSWER; // nothing in the catalog fits: say so rather than invent
        }
        Turn.Clarification clarification = Turn.CLARIFY.equals(act)
                ? new Turn.Clarification(p.decision().attribute(), p.decision().question(), p.decision().options()) : null;
        return new Turn(messageId, conversationId, act, reply.text(), clarification, recs,
                p.applied().stream().map(TurnEngine::instructionRef).toList(),
                p.overridden().isEmpty() ? null : p.overridden().stream().map(TurnEngine::instructionRef).toList(),
                p.learned().stream().map(TurnEngine::instructionRef).toList(), reply.degraded());
    }

    private Uni<Void> persist(String user, String clientMessageId, Planned p, Turn turn) {
        String conversationId = p.conversationId();
        int seq = p.before().nextSeq();
        ConversationMessage userMsg = message(conversationId, seq, "user", p.request().userText(), null);
        userMsg.id = p.userMessageId();
        ConversationMessage botMsg = message(conversationId, seq + 1, "assistant", turn.text(), turn);
        botMsg.id = turn.messageId();
        Policy.Decision decided = new Policy.Decision(turn.act(), p.decision().attribute(), p.decision().question(),
                p.decision().options(), p.decision().text(), p.decision().why());
        DialogueState next = StateTracker.afterDecision(p.after(), decided,
                turn.recommendations().stream().map(Turn.Recommendation::itemId).toList());
        // what the message taught is stored first (its write ran beside the reply; a failed one fails the turn), then
        // the transcript: a turn whose messages could not be stored leaves the state as it was
        return p.learnedStored().chain(() -> transcripts.append(conversationId, List.of(userMsg, botMsg)))
                .chain(() -> store.commit(user, conversationId, p.lockToken(),
                        new ConversationStore.WorkingState(next, seq + 2, p.request().userText(),
                                p.before().recentWith(config.window(), new ChatLine("user", p.request().userText()),
                                        new ChatLine("assistant", turn.text()))), clientMessageId, turn));
    }

    // ------------------------------------------------------------------ recommendations and feedback

    public record Candidate(String itemId, String name, double score, String reason) {
    }

    /**
     * The query decides what a turn applies; every active instruction that constrains the catalog applies when
     * ranking it (so "no horror" holds even when the request did not bring it up), except one this conversation
     * overrode and a conditional one whose condition this conversation has not met.
     */
    private static List<Instruction> catalogBound(List<Instruction> active, Set<String> overridden, Set<String> conditionsMet) {
        return active.stream().filter(i -> !overridden.contains(i.id()))
                .filter(i -> i.condition() == null || conditionsMet.contains(i.id())).toList();
    }

    /** The ranked, grounded candidates for the conversation's current state (no message needed). */
    public Uni<List<Candidate>> recommendations(String user, String conversationId, int limit) {
        return transcripts.find(user, conversationId).chain(c -> {
            if (c == null) {
                throw ApiException.notFound("No conversation " + conversationId);
            }
            return workingState(user, c).chain(state -> profiles.applicable(user, state.lastUserText())
                    .chain(tp -> cpu.run(() -> {
                        DialogueEngine.Parts parts = engine.parts();
                        Set<String> overridden = new LinkedHashSet<>(state.dialogue().overridden());
                        overridden.addAll(ids(tp.selection().overridden().stream().map(Scored::instruction).toList()));
                        List<Instruction> bound = catalogBound(tp.active(), overridden, Set.copyOf(state.dialogue().conditionsMet()));
                        Constraints constraints = InstructionConstraints.from(bound, parts.index());
                        return parts.ranker().rank(state.dialogue(), constraints, parts.index(), limit).stream()
                                .map(r -> new Candidate(r.itemId(), r.name(), Math.round(r.score() * 10_000) / 10_000.0, r.reason()))
                                .toList();
                    })));
        });
    }

    /** Accepted, seen and rejected items are not offered again; a rejection with a reason may teach the profile. */
    public Uni<Void> feedback(String user, String conversationId, String itemId, String verdict, String reason) {
        return transcripts.find(user, conversationId).chain(c -> {
            if (c == null) {
                throw ApiException.notFound("No conversation " + conversationId);
            }
            DialogueEngine.Parts parts = engine.parts();
            if (!parts.index().contains(itemId)) {
                throw ApiException.badRequest("itemId", "No catalog item " + itemId);
            }
            FeedbackEvent e = new FeedbackEvent();
            e.conversationId = conversationId;
            e.itemId = itemId;
            e.verdict = verdict;
            e.reason = reason;
            e.createdAt = Instant.now();
            Uni<Void> learn = reason == null || reason.isBlank() || !"reject".equals(verdict) ? Uni.createFrom().voidItem()
                    : profiles.learn(user, List.of(new ProfileService.Message("user", reason)), List.of("feedback:" + itemId),
                            conversationId).replaceWithVoid();
            return transcripts.feedback(e)
                    .chain(() -> workingState(user, c))
                    .chain(state -> store.save(user, conversationId, new ConversationStore.WorkingState(
                            StateTracker.feedback(state.dialogue(), itemId, verdict, parts.index()), state.nextSeq(),
                            state.lastUserText(), state.recent())))
                    .chain(() -> learn);
        });
    }

    // ------------------------------------------------------------------ helpers

    /**
     * Where a turn's time goes ({@code concierge_turn_stage_seconds}): plan (everything before the reply: lock,
     * state, learning and deciding), learn and decide (they overlap), teach (a message that stated something: from
     * the statements to the turn decided again, the part only such a turn waits for), reply (the responder, LLM or
     * offline) and persist (transcript and state). The load tests read the backend's own part of a turn from it.
     */
    private void stage(String name, long startNanos) {
        metrics.timer("concierge.turn.stage", "stage", name).record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * The state read with the turn lock, or rebuilt from the transcript when it expired. A state in Redis proves the
     * conversation is the user's (its key is under the user's prefix), so a turn reads PostgreSQL only when the state
     * expired.
     */
    private Uni<ConversationStore.WorkingState> workingState(String user, String conversationId,
                                                            ConversationStore.WorkingState loaded) {
        return loaded != null ? Uni.createFrom().item(loaded)
                : transcripts.find(user, conversationId).chain(c -> {
                    if (c == null) {
                        throw ApiException.notFound("No conversation " + conversationId);
                    }
                    return rebuild(c);
                });
    }

    /** The state from Redis, or rebuilt from the transcript (and feedback) when it expired. */
    private Uni<ConversationStore.WorkingState> workingState(String user, Conversation c) {
        return store.load(user, c.id).chain(s -> s != null ? Uni.createFrom().item(s) : rebuild(c));
    }

    private Uni<ConversationStore.WorkingState> rebuild(Conversation c) {
        return transcripts.messages(c.id).chain(msgs -> transcripts.feedbackOf(c.id).chain(fb -> cpu.run(() -> {
                    CatalogIndex index = engine.parts().index();
                    DialogueState d = StateTracker.seed(msgs.stream().map(m -> new Msg(m.role, m.text)).toList(), index);
                    for (FeedbackEvent f : fb) {
                        d = StateTracker.feedback(d, f.itemId, f.verdict, index);
                    }
                    String last = null;
                    for (ConversationMessage m : msgs) {
                        if ("user".equals(m.role)) {
                            last = m.text;
                        }
                    }
                    List<ChatLine> lines = msgs.stream().map(m -> new ChatLine(m.role, m.text)).toList();
                    return new ConversationStore.WorkingState(d, msgs.isEmpty() ? 0 : msgs.get(msgs.size() - 1).seq + 1, last,
                            lines.subList(Math.max(0, lines.size() - config.window()), lines.size()));
                })));
    }

    private List<Instruction> appliedSet(List<Instruction> selected, List<Instruction> bound, Constraints constraints,
                                         Policy.Decision decision) {
        Map<String, Instruction> out = new LinkedHashMap<>();
        selected.forEach(i -> out.put(i.id(), i));
        if (Policy.RECOMMEND.equals(decision.act()) || Policy.CLARIFY.equals(decision.act())) {
            Set<String> constraining = new LinkedHashSet<>();
            constraints.list().forEach(k -> constraining.add(k.instructionId()));
            bound.stream().filter(i -> constraining.contains(i.id())).forEach(i -> out.putIfAbsent(i.id(), i));
        }
        return List.copyOf(out.values());
    }

    private Policy.PolicyConfig policyConfig() {
        Policy.PolicyConfig d = Policy.PolicyConfig.defaults();
        return new Policy.PolicyConfig(config.maxQuestions(), config.fewEnough(), d.minGain(), d.candidatePool(),
                d.temperature(), d.maxOptions(), d.answerability());
    }

    /** A bounded window of the conversation, so a reply's prompt stays flat however long the chat grows. */
    private List<ChatLine> window(ConversationStore.WorkingState state, String text) {
        return state.recentWith(config.window(), new ChatLine("user", text));
    }

    private static ClarifyPlan clarifyPlan(Policy.Decision d) {
        return Policy.CLARIFY.equals(d.act()) ? new ClarifyPlan(d.attribute(), d.question(), d.options()) : null;
    }

    private static List<CandidateItem> candidates(List<Ranker.Ranked> ranked, CatalogIndex index) {
        List<CandidateItem> out = new ArrayList<>();
        for (Ranker.Ranked r : ranked) {
            CatalogItem item = index.item(r.itemId());
            List<String> people = new ArrayList<>();
            if (item != null) {
                people.addAll(item.attribute(CatalogIndex.DIRECTORS));
                people.addAll(item.attribute(CatalogIndex.STARS));
            }
            out.add(new CandidateItem(r.itemId(), r.name(), item == null ? null : item.year(),
                    item == null ? List.of() : item.attribute(CatalogIndex.GENRES), people, r.reason()));
        }
        return out;
    }

    private static String name(CatalogIndex index, String id) {
        CatalogItem item = index.item(id);
        return item == null ? id : item.name();
    }

    private static AppliedInstruction ref(Instruction i) {
        return new AppliedInstruction(i.id(), i.text(), i.polarity());
    }

    private static Turn.InstructionRef instructionRef(Instruction i) {
        return new Turn.InstructionRef(i.id(), i.text());
    }

    private static Set<String> ids(List<Instruction> list) {
        Set<String> s = new LinkedHashSet<>();
        list.forEach(i -> s.add(i.id()));
        return s;
    }

    private static String lastUserText(List<ChatLine> history) {
        String last = null;
        for (ChatLine l : history) {
            if ("user".equals(l.role())) {
                last = l.text();
            }
        }
        return last;
    }

    static ConversationMessage message(String conversationId, int seq, String role, String text, Turn turn) {
        ConversationMessage m = new ConversationMessage();
        m.id = "m_" + shortId();
        m.conversationId = conversationId;
        m.seq = seq;
        m.role = role;
        m.text = text;
        m.turn = turn;
        m.createdAt = Instant.now();
        return m;
    }

    static String shortId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }
}
