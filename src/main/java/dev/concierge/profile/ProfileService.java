package dev.concierge.profile;

import dev.concierge.error.ApiException;
import dev.concierge.platform.CpuPool;
import dev.concierge.platform.Started;
import dev.concierge.profile.learn.Reconciler;
import dev.concierge.profile.learn.RuleExtractor;
import dev.concierge.profile.learn.Statement;
import dev.concierge.profile.retrieval.Candidate;
import dev.concierge.profile.retrieval.InstructionFeatures;
import dev.concierge.profile.retrieval.InstructionRetriever;
import dev.concierge.profile.retrieval.Scored;
import dev.concierge.profile.retrieval.Selection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The user's standing instructions and learned preferences: versioned writes with supersession, learning
 * from chat, and the per-turn retrieval. Every method is scoped to one user id; nothing here can reach
 * another user's keys. CPU work (extraction, embeddings, ranking) runs on {@link CpuPool}.
 * Built at start-up: its retriever embeds the domain prototypes (~100 ms of CPU), which as a lazy bean ran on the
 * event loop of the first turn and held every socket on that loop.
 */
@Startup
@ApplicationScoped
public class ProfileService {

    public record Message(String role, String text) {
    }

    public record ExtractResult(List<Instruction> added, List<Instruction> updated, List<Instruction> superseded) {
    }

    /** A planned write: the records to store, and what the caller gets back once stored. */
    private record Change<T>(List<StoredInstruction> writes, T result) {
    }

    private final ProfileStore store;
    private final ProfileConfig config;
    private final CpuPool cpu;
    private final RuleExtractor extractor;
    private final InstructionRetriever retriever;
    private final Reconciler reconciler;
    private final Timer retrievalTimer;
    private final Counter turnWriteConflicts;
    private final Counter otherWriteConflicts;
    private final Counter earlyStatements;
    private final Embedder embedder;

    private final dev.concierge.profile.learn.LlmExtractor llmExtractor;

    ProfileService(ProfileStore store, ProfileConfig config, CpuPool cpu, Embedder embedder, MeterRegistry metrics,
                   dev.concierge.profile.learn.LlmExtractor llmExtractor) {
        this.llmExtractor = llmExtractor;
        this.store = store;
        this.config = config;
        this.cpu = cpu;
        this.extractor = new RuleExtractor();
        this.embedder = embedder;
        this.retriever = new InstructionRetriever(embedder);
        this.reconciler = new Reconciler(retriever);
        this.retrievalTimer = Timer.builder("concierge.retrieval").description("Instruction retrieval per query")
                .publishPercentiles(0.5, 0.99).register(metrics);
        this.turnWriteConflicts = writeConflicts("turn", metrics);
        this.otherWriteConflicts = writeConflicts("other", metrics);
        this.earlyStatements = Counter.builder("concierge.extraction.early.statements")
                .description("Statements seen in the extraction's stream before it ended; their embeddings started then")
                .register(metrics);
    }

    /** Writes that found the profile changed since they read it, and planned again: a chat turn's learning, or any other. */
    private static Counter writeConflicts(String writer, MeterRegistry metrics) {
        return Counter.builder("concierge.profile.write.conflicts").tag("writer", writer)
                .description("Profile writes that found the profile changed since it was read, and planned again")
                .register(metrics);
    }

    // ---------------------------------------------------------------- reads

    public Uni<List<Instruction>> list(String user, boolean includeInactive, String domain) {
        return store.read(user).map(s -> s.byId().values().stream().map(StoredInstruction::instruction)
                .filter(i -> includeInactive || i.isActive())
                .filter(i -> domain == null || domain.equalsIgnoreCase(i.domain()))
                .sorted(Comparator.comparing(Instruction::createdAt).thenComparing(Instruction::id))
                .toList());
    }

    public Uni<Instruction> get(String user, String id) {
        return store.read(user).map(s -> require(s, id).instruction());
    }

    /** Every version of the instruction, oldest first, preceded by the lineage it superseded. */
    public Uni<List<Instruction>> history(String user, String id) {
        return store.read(user).chain(s -> lineage(user, s, require(s, id).instruction(), 0));
    }

    private Uni<List<Instruction>> lineage(String user, ProfileStore.Snapshot s, Instruction current, int depth) {
        Uni<List<Instruction>> own = store.versions(user, current.id(), current.version());
        StoredInstruction previous = current.supersedes() == null || depth > 20 ? null : s.byId().get(current.supersedes());
        if (previous == null) {
            return own;
        }
        return lineage(user, s, previous.instruction(), depth + 1).chain(older -> own.map(mine -> {
            List<Instruction> all = new ArrayList<>(older);
            all.addAll(mine);
            return all;
        }));
    }

    /** The ranking a chat turn uses: every active instruction scored against the query, best first. */
    public Uni<List<Scored>> search(String user, String query, int k, String domain) {
        return store.read(user).chain(s -> cpu.run(() -> timed(() -> retriever.rank(query, current(candidates(s, domain))))))
                .map(list -> list.subList(0, Math.min(k, list.size())));
    }

    /** What a turn needs from the profile, from one Redis read: the selection for the query and every active instruction. */
    public record TurnProfile(Selection selection, List<Instruction> active) {
    }

    /** The instructions a turn applies (and those the request overrides), from one Redis read. */
    public Uni<TurnProfile> applicable(String user, String query) {
        String q = query == null ? "" : query;
        return store.read(user).chain(s -> s.active().isEmpty() ? Uni.createFrom().item(NO_INSTRUCTIONS)
                : cpu.run(() -> timed(() -> profile(q, embedder.embed(q), candidates(s, null)))));
    }

    /** As {@link #applicable(String, String)}, from the turn's own reads (the profile and the query's embedding, once a turn). */
    public Uni<TurnProfile> applicable(String query, TurnReads reads) {
        String q = query == null ? "" : query;
        return reads.profile().chain(s -> {
            if (s.active().isEmpty()) {
                return Uni.createFrom().item(NO_INSTRUCTIONS);
            }
            long start = System.nanoTime();
            return reads.embedding(q).chain(v -> reads.lane().run(() -> {
                TurnProfile tp = profile(q, v, candidates(s, null));
                retrievalTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                return tp;
            }));
        });
    }

    /** A new turn's reads, for {@link #applicable(String, TurnReads)} and {@link #learnFromTurn}; its CPU work on {@code lane}. */
    public TurnReads turnReads(String user, CpuPool.Lane lane) {
        return new TurnReads(embedder, lane, store, user);
    }

    /** A user without instructions: nothing to retrieve, so no trip to the CPU pool. */
    private static final TurnProfile NO_INSTRUCTIONS = new TurnProfile(Selection.NONE, List.of());

    private <T> T timed(Supplier<T> work) {
        return retrievalTimer.record(work);
    }

    /**
     * Features written by an older version of the retriever (another {@link InstructionFeatures#SCHEMA}) are
     * recomputed for this query (CPU pool only; the stored record is refreshed at its next write).
     */
    private List<Candidate> current(List<Candidate> candidates) {
        if (candidates.stream().allMatch(c -> c.features() != null && c.features().schema() == InstructionFeatures.SCHEMA)) {
            return candidates;
        }
        return candidates.stream().map(c -> c.features() != null && c.features().schema() == InstructionFeatures.SCHEMA ? c
                : new Candidate(c.instruction(), retriever.features(c.instruction().text(), c.instruction().domain(),
                        c.instruction().condition()))).toList();
    }

    private static List<Candidate> candidates(ProfileStore.Snapshot s, String domain) {
        return s.active().stream()
                .filter(si -> domain == null || domain.equalsIgnoreCase(si.instruction().domain()))
                .map(si -> new Candidate(si.instruction(), si.features())).toList();
    }

    // ---------------------------------------------------------------- writes

    /** A stated instruction. Saying the same thing twice returns the existing one (created = false). */
    public Uni<Created> create(String user, String text, String domain) {
        String clean = validText(text);
        return analyze(clean, domain).chain(a -> mutate(user, s -> {
            StoredInstruction same = findSameText(s, clean);
            if (same != null) {
                return new Change<>(List.of(), new Created(same.instruction(), false));
            }
            if (s.active().size() >= config.maxActive()) {
                throw ApiException.conflict("You already have " + config.maxActive()
                        + " active instructions (the limit); delete one first");
            }
            Instant now = Instant.now();
            Instruction i = new Instruction(newId(), clean, Instruction.STATED, a.domain(), a.polarity(), a.condition(),
                    Instruction.ACTIVE, 1, null, null, null, now, now);
            return new Change<>(List.of(new StoredInstruction(i, a.features())), new Created(i, true));
        }));
    }

    public record Created(Instruction instruction, boolean created) {
    }

    /** A new version under the same id; the previous version stays in history. */
    public Uni<Instruction> update(String user, String id, String text, String domain) {
        String clean = validText(text);
        return analyze(clean, domain).chain(a -> mutate(user, s -> {
            Instruction old = requireActive(s, id).instruction();
            Instruction next = new Instruction(id, clean, old.origin(), a.domain(), a.polarity(), a.condition(),
                    Instruction.ACTIVE, old.version() + 1, old.supersedes(), old.source(), old.confidence(),
                    old.createdAt(), Instant.now());
            return new Change<>(List.of(new StoredInstruction(next, a.features())), next);
        }));
    }

    /** Soft delete: a last version with status "deleted", kept in history until the user erases everything. */
    public Uni<Void> delete(String user, String id) {
        return mutate(user, s -> {
            StoredInstruction cur = requireActive(s, id);
            Instruction old = cur.instruction();
            Instruction gone = withStatus(old, Instruction.DELETED, old.version() + 1);
            return new Change<>(List.of(new StoredInstruction(gone, null)), (Void) null);
        });
    }

    /** Learns from a transcript: user messages only; duplicates are skipped, contradictions supersede. */
    public Uni<ExtractResult> extract(String user, List<Message> messages, String conversationId) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            ids.add(Integer.toString(i));
        }
        return learn(user, messages, ids, conversationId);
    }

    private static final ExtractResult NOTHING_LEARNED = new ExtractResult(List.of(), List.of(), List.of());

    /**
     * What one chat message said, once the extraction has ended: nothing, or statements whose learning
     * {@link Heard#plan()} works out against the profile the turn read at its start. The embeddings of the message and
     * of its first statement start as soon as the LLM's stream shows that statement, beside the model, so what is left
     * after the stream is CPU work for one trip to the CPU pool, where the turn is then decided again.
     */
    public Uni<Heard> learnFromTurn(String user, String text, String conversationId, String messageId, TurnReads reads) {
        // the model is still writing when the stream shows a statement: embed the message and it beside the model
        Consumer<String> firstStatement = statement -> {
            earlyStatements.increment();
            reads.embedding(text);
            reads.embedding(statement);
        };
        return statements(user, List.of(new Message("user", text)), List.of(messageId), firstStatement)
                // the model has answered (or failed): from now on the turn waits for its CPU work (retrieval, decision)
                .onTermination().invoke(() -> reads.lane().hurry())
                .chain(said -> {
                    if (said.isEmpty()) {
                        return Uni.createFrom().item(Heard.NOTHING);
                    }
                    long heard = System.nanoTime();
                    return Uni.combine().all().unis(reads.ready(), reads.embedding(text), reads.profile()).asTuple()
                            .map(all -> new Heard(() -> plan(user, text, conversationId, said, all.getItem1(),
                                    all.getItem2(), all.getItem3()), heard));
                });
    }

    /**
     * What a message said, heard when the extraction ended ({@code heardNanos}, {@link System#nanoTime()}: where the part
     * of a turn that only a teaching message has begins). {@link #plan()} is CPU work: call it on the CPU pool.
     */
    public record Heard(Supplier<TurnLearning> planner, long heardNanos) {
        public static final Heard NOTHING = new Heard(null, 0);

        public boolean saidAnything() {
            return planner != null;
        }

        public TurnLearning plan() {
            return planner == null ? TurnLearning.NOTHING : planner.get();
        }
    }

    /**
     * A turn's learning: what it taught and, when it changed the profile, the profile it leaves with the message as the
     * query, for deciding the turn again (null when nothing changed and the first decision stands). The write started
     * when it was planned and runs beside the reply; {@code written} completes once it is stored, or fails the turn:
     * the turn awaits it before it commits, so no turn reports an instruction that was not stored.
     */
    public record TurnLearning(ExtractResult result, TurnProfile profile, Uni<Void> written) {
        public static final TurnLearning NOTHING = new TurnLearning(NOTHING_LEARNED, null, Uni.createFrom().voidItem());
    }

    /** The learning of a turn's statements against the profile it read, its write started (CPU work). */
    private TurnLearning plan(String user, String text, String conversationId, List<Said> said, TextEmbedder known,
                              float[] query, ProfileStore.Snapshot s) {
        List<Learned> found = learned(said, known);
        Change<Learning> planned = learn(s, found, conversationId);
        if (planned.writes().isEmpty()) {
            return TurnLearning.NOTHING; // all said before: the first decision stands
        }
        Uni<Void> written = Started.now(writeLearned(user, s, planned, found, conversationId, 1)); // the turn awaits it
        Learning l = planned.result();
        return new TurnLearning(l.result(), timed(() -> profile(text, query, l.active())), written);
    }

    /**
     * Stores what a turn planned. If the profile changed since it was read (another tab, another conversation), the
     * same statements are planned against the profile as it is now: when that plan has the same effect (the same
     * instructions added, the same versions superseded), the first plan is stored, ids and all, since the reply
     * already cites them; otherwise the turn fails with 409 and nothing of it is written.
     */
    private Uni<Void> writeLearned(String user, ProfileStore.Snapshot s, Change<Learning> planned, List<Learned> found,
                                   String conversationId, int n) {
        return store.commit(user, s.rev(), planned.writes()).chain(ok -> {
            if (ok) {
                return Uni.createFrom().voidItem();
            }
            turnWriteConflicts.increment();
            if (n >= config.writeAttempts()) {
                return Uni.createFrom().failure(ApiException.unavailable("Profile is too busy; retry"));
            }
            return backoff(n).chain(() -> store.read(user)).chain(now -> {
                if (!sameEffect(planned.result().result(), learn(now, found, conversationId).result().result())) {
                    return Uni.createFrom().failure(ApiException.conflict(
                            "Your instructions changed while this message was being answered; send it again"));
                }
                return writeLearned(user, now, planned, found, conversationId, n + 1);
            });
        });
    }

    private static boolean sameEffect(ExtractResult a, ExtractResult b) {
        return a.added().stream().map(Instruction::text).toList().equals(b.added().stream().map(Instruction::text).toList())
                && a.superseded().stream().map(i -> i.id() + "@" + i.version()).toList()
                .equals(b.superseded().stream().map(i -> i.id() + "@" + i.version()).toList());
    }

    /**
     * Learns from messages whose ids are given (index i of messages has id messageIds[i]). With an LLM
     * configured, each user message goes through structured LLM extraction (rules as the fallback); without
     * one, the rule-based extractor runs on the CPU pool.
     */
    public Uni<ExtractResult> learn(String user, List<Message> messages, List<String> messageIds, String conversationId) {
        return statements(user, messages, messageIds, statement -> { }).chain(said -> said.isEmpty()
                ? Uni.createFrom().item(NOTHING_LEARNED)
                : features(said, embedder).chain(found -> mutate(user, s -> learn(s, found, conversationId))).map(Learning::result));
    }

    /** {@code firstStatement}: told each message's first statement while the LLM still streams it (LLM only). */
    private Uni<List<Said>> statements(String user, List<Message> messages, List<String> messageIds,
                                       Consumer<String> firstStatement) {
        if (llmExtractor.enabled()) {
            return Multi.createFrom().range(0, messages.size())
                    .filter(i -> "user".equals(messages.get(i).role()))
                    .onItem().transformToUniAndConcatenate(i -> llmExtractor.extract(messages.get(i).text(), firstStatement, user)
                            .map(list -> list.stream().map(st -> new Said(messageIds.get(i), st)).toList()))
                    .collect().asList()
                    .map(lists -> lists.stream().flatMap(List::stream).toList());
        }
        return cpu.run(() -> {
            List<Said> found = new ArrayList<>();
            for (int idx = 0; idx < messages.size(); idx++) {
                if ("user".equals(messages.get(idx).role())) {
                    for (Statement st : extractor.extract(messages.get(idx).text())) {
                        found.add(new Said(messageIds.get(idx), st));
                    }
                }
            }
            return found;
        });
    }

    /** The statements' retrieval features, their vectors from {@code vectors}, on the CPU pool. */
    private Uni<List<Learned>> features(List<Said> said, TextEmbedder vectors) {
        return cpu.run(() -> learned(said, vectors));
    }

    /** As {@link #features}, on the caller's thread (CPU work). */
    private List<Learned> learned(List<Said> said, TextEmbedder vectors) {
        return said.stream()
                .map(s -> new Learned(s.messageId(), s.statement(), retriever.features(s.statement().text(),
                        s.statement().domain(), s.statement().condition(), vectors)))
                .toList();
    }

    /** The selection for a query among the given active instructions (CPU work). */
    private TurnProfile profile(String query, float[] queryVector, List<Candidate> active) {
        List<Candidate> all = current(active);
        return new TurnProfile(retriever.select(query, queryVector, all), all.stream().map(Candidate::instruction).toList());
    }

    /** What a write of learned statements did, and the active instructions it left. */
    private record Learning(ExtractResult result, List<Candidate> active) {
    }

    private record Said(String messageId, Statement statement) {
    }

    private record Learned(String messageId, Statement statement, InstructionFeatures features) {
    }

    private Change<Learning> learn(ProfileStore.Snapshot s, List<Learned> found, String conversationId) {
        List<Candidate> active = new ArrayList<>(candidates(s, null));
        Map<String, StoredInstruction> writes = new HashMap<>();
        List<Instruction> added = new ArrayList<>();
        List<Instruction> superseded = new ArrayList<>();
        Instant now = Instant.now();
        for (Learned l : found) {
            Statement said = l.statement();
            Reconciler.Decision d = reconciler.reconcile(said.text(), said.polarity(), said.subject(), l.features(), active);
            if (d.kind() == Reconciler.Kind.DUPLICATE) {
                continue;
            }
            if (active.size() >= config.maxActive() && d.kind() == Reconciler.Kind.ADD) {
                continue; // learning is best effort: a full profile keeps what it has
            }
            String supersedes = null;
            if (d.kind() == Reconciler.Kind.SUPERSEDE) {
                Candidate old = active.stream().filter(c -> c.instruction().id().equals(d.existingId())).findFirst().orElseThrow();
                Instruction retired = withStatus(old.instruction(), Instruction.SUPERSEDED, old.instruction().version() + 1);
                writes.put(retired.id(), new StoredInstruction(retired, null));
                superseded.add(retired);
                active.remove(old);
                added.removeIf(a -> a.id().equals(retired.id()));
                supersedes = retired.id();
            }
            Statement st = l.statement();
            Instruction i = new Instruction(newId(), st.text(), Instruction.LEARNED, st.domain(), st.polarity(),
                    st.condition(), Instruction.ACTIVE, 1, supersedes,
                    new Instruction.Source(conversationId, l.messageId()),
                    st.confidence(), now, now);
            writes.put(i.id(), new StoredInstruction(i, l.features()));
            active.add(new Candidate(i, l.features()));
            added.add(i);
        }
        List<Instruction> stillAdded = added.stream().filter(a -> writes.get(a.id()).instruction().isActive()).toList();
        return new Change<>(List.copyOf(writes.values()),
                new Learning(new ExtractResult(stillAdded, List.of(), superseded), List.copyOf(active)));
    }

    // ---------------------------------------------------------------- machinery

    /** Read, plan, compare-and-set; on a concurrent write, re-read and plan again. Nothing is half-written. */
    private <T> Uni<T> mutate(String user, Function<ProfileStore.Snapshot, Change<T>> plan) {
        return attempt(user, plan, 1);
    }

    private <T> Uni<T> attempt(String user, Function<ProfileStore.Snapshot, Change<T>> plan, int n) {
        return store.read(user).chain(s -> {
            Change<T> change = plan.apply(s);
            if (change.writes().isEmpty()) {
                return Uni.createFrom().item(change.result());
            }
            return store.commit(user, s.rev(), change.writes()).chain(ok -> {
                if (ok) {
                    return Uni.createFrom().item(change.result());
                }
                otherWriteConflicts.increment();
                if (n >= config.writeAttempts()) {
                    return Uni.createFrom().failure(ApiException.unavailable("Profile is too busy; retry"));
                }
                return backoff(n).chain(() -> attempt(user, plan, n + 1));
            });
        });
    }

    /** A short random pause before the n-th retry of a write that lost a race, so two writers do not collide again. */
    private static Uni<Void> backoff(int n) {
        Duration pause = Duration.ofMillis(ThreadLocalRandom.current().nextInt(1, 2 + Math.min(n, 20)));
        return Uni.createFrom().voidItem().onItem().delayIt().by(pause);
    }

    private record Analysis(String domain, String polarity, String condition, InstructionFeatures features) {
    }

    /** Polarity, domain and condition of a stated text, and its retrieval features (CPU work). */
    private Uni<Analysis> analyze(String text, String domain) {
        return cpu.run(() -> {
            InstructionFeatures f = retriever.features(text, domain, null);
            String d = domain != null ? domain : Lexicon.topDomain(f.domains());
            return new Analysis(d, f.polarity(), f.condition(), f);
        });
    }

    private String validText(String text) {
        if (text == null || text.isBlank()) {
            throw ApiException.badRequest("text", "text is required");
        }
        String clean = text.strip();
        if (clean.length() > config.maxInstructionChars()) {
            throw ApiException.tooLarge("text", "text is " + clean.length() + " characters; the limit is "
                    + config.maxInstructionChars());
        }
        return clean;
    }

    private static StoredInstruction findSameText(ProfileStore.Snapshot s, String text) {
        String norm = normalize(text);
        return s.active().stream().filter(x -> normalize(x.instruction().text()).equals(norm)).findFirst().orElse(null);
    }

    static String normalize(String t) {
        return t.toLowerCase(java.util.Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
    }

    private static StoredInstruction require(ProfileStore.Snapshot s, String id) {
        StoredInstruction si = s.byId().get(id);
        if (si == null) {
            throw ApiException.notFound("No instruction " + id);
        }
        return si;
    }

    private static StoredInstruction requireActive(ProfileStore.Snapshot s, String id) {
        StoredInstruction si = require(s, id);
        if (Instruction.DELETED.equals(si.instruction().status())) {
            throw ApiException.notFound("No instruction " + id);
        }
        if (!si.instruction().isActive()) {
            throw ApiException.conflict("Instruction " + id + " is " + si.instruction().status() + "; change the one that replaced it");
        }
        return si;
    }

    private static Instruction withStatus(Instruction o, String status, int version) {
        return new Instruction(o.id(), o.text(), o.origin(), o.domain(), o.polarity(), o.condition(), status, version,
                o.supersedes(), o.source(), o.confidence(), o.createdAt(), Instant.now());
    }

    private static String newId() {
        return "in_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    static boolean sameUser(String a, String b) {
        return Objects.equals(a, b);
    }
}
