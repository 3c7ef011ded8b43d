package dev.concierge.eval;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/** B1-B4 of docs/benchmarks.md, the same protocol as shared/tools/contract_client.py. */
public final class Benchmarks {
    private final Api api;
    private final Chat.Transport transport;
    private final int concurrency;
    private final PrintStream out;
    /** Calls the reference client tolerates (they count as misses); reported, never silently. */
    private final AtomicInteger softErrors = new AtomicInteger();

    public Benchmarks(Api api, int concurrency, PrintStream out) {
        this(api, concurrency, out, Chat.Transport.REST);
    }

    /** {@code transport}: how b2's chat turn and b3's rounds are sent (the rest is REST either way). */
    public Benchmarks(Api api, int concurrency, PrintStream out, Chat.Transport transport) {
        this.transport = transport;
        this.api = api;
        this.concurrency = concurrency;
        this.out = out;
    }

    private static String f3(double x) {
        return String.format(Locale.ROOT, "%.3f", x);
    }

    private static String f2(double x) {
        return String.format(Locale.ROOT, "%.2f", x);
    }

    private void soft(String what, Api.Response r) {
        soft(what, r.describe());
    }

    private void soft(String what, String detail) {
        softErrors.incrementAndGet();
        Progress.warn(what + " -> " + detail + " (counted as a miss)");
    }

    private void printSoftErrors() {
        if (softErrors.get() > 0) {
            out.println("soft_errors=" + softErrors.get() + " (failed calls counted as misses; details on stderr)");
        }
    }

    /** {@code (r.get("instruction") or r)}. */
    static JsonNode instructionOf(JsonNode r) {
        JsonNode i = r.get("instruction");
        return i != null && i.isObject() && i.size() > 0 ? i : r;
    }

    /** {@code str((x.get("source") or {}).get("messageId"))}. */
    static String messageIdOf(JsonNode instruction) {
        JsonNode src = instruction.get("source");
        return Protocol.pyStr(src != null && src.isObject() ? src.get("messageId") : null);
    }

    // ---------------------------------------------------------------- B1

    private record B1Result(boolean hit1, boolean hit5, boolean strictHit5, int noise) {
    }

    public void b1(String data, int limit, List<Integer> ns) {
        List<Data.PrefRecord> recs = Protocol.shuffledPrefix(Data.loadPrefeval(data), limit);
        List<List<Protocol.Message>> pairs = Data.loadInterTurns(data);
        int m = recs.size();
        out.println("B1 records=" + m + " distractor_pairs=" + pairs.size());
        out.println("N\thit@1\thit@5\tnoise/100turns\thit@5_strict");
        double worst = 1.0;
        for (int n : ns) {
            List<B1Result> rs = Parallel.map(recs, concurrency, new Progress("b1 N=" + n, m), r -> b1Record(r, pairs, n));
            int h1 = 0, h5 = 0, strict = 0;
            long noise = 0;
            for (B1Result r : rs) {
                h1 += r.hit1 ? 1 : 0;
                h5 += r.hit5 ? 1 : 0;
                strict += r.strictHit5 ? 1 : 0;
                noise += r.noise;
            }
            double mm = Math.max(1, m);
            out.println(n + "\t" + f3(h1 / mm) + "\t" + f3(h5 / mm) + "\t"
                + f2(100.0 * noise / Math.max(1, (long) m * n)) + "\t" + f3(strict / mm));
            out.flush();
            worst = Math.min(worst, h5 / mm);
        }
        printSoftErrors();
        out.println("B1 min_hit5=" + f3(worst));
    }

    private B1Result b1Record(Data.PrefRecord rec, List<List<Protocol.Message>> pairs, int n) {
        String t = api.token(Api.freshUserId("b1n" + n));
        try {
            List<Protocol.Message> msgs = Protocol.b1Transcript(rec.preference(), pairs, n);
            int noise = 0;
            Set<String> fromPreference = new HashSet<>();
            int start = 0;
            for (List<Protocol.Message> chunk : Protocol.chunks(msgs, Protocol.EXTRACT_CHUNK)) {
                Api.Response r = api.require("extract", "POST", "/api/v1/me/instructions/extract", Map.of("messages", chunk), t);
                for (JsonNode it : r.body().path("added")) {
                    // messageId counts within the chunk when no conversation is given
                    if (start == 0 && "0".equals(messageIdOf(it))) {
                        fromPreference.add(it.path("id").asText());
                    } else {
                        noise++;
                    }
                }
                if (start == 0) {
                    for (JsonNode it : r.body().path("updated")) {
                        if ("0".equals(messageIdOf(it))) {
                            fromPreference.add(it.path("id").asText());
                        }
                    }
                }
                start += chunk.size();
            }
            Api.Response s = api.call("POST", "/api/v1/me/instructions/search", Map.of("query", rec.question(), "k", 5), t);
            List<JsonNode> results = new ArrayList<>();
            if (s.ok() && s.body().isArray()) {
                s.body().forEach(results::add);
            } else {
                soft("search", s);
            }
            boolean hit1 = false, hit5 = false, strict = false;
            for (int i = 0; i < Math.min(5, results.size()); i++) {
                JsonNode inst = instructionOf(results.get(i));
                boolean hit = "0".equals(messageIdOf(inst));
                hit1 |= hit && i == 0;
                hit5 |= hit;
                strict |= fromPreference.contains(inst.path("id").asText());
            }
            return new B1Result(hit1, hit5, strict, noise);
        } finally {
            api.deleteMe(t);
        }
    }

    // ---------------------------------------------------------------- B2

    private record B2Task(Data.PrefRecord rec, List<String> profile) {
    }

    private record B2Result(Integer rank, double recall, int size) {
    }

    public void b2(String data, int limit, String topics) {
        List<Data.PrefRecord> recs = Data.loadPrefeval(data);
        Map<String, List<Data.PrefRecord>> byTopic = new TreeMap<>();
        for (Data.PrefRecord r : recs) {
            byTopic.computeIfAbsent(r.topic(), k -> new ArrayList<>()).add(r);
        }
        Set<String> only = topics == null || topics.isBlank() ? Set.of() : Set.of(topics.split(","));
        List<Data.PrefRecord> sample = Protocol.shuffledPrefix(
            recs.stream().filter(r -> only.isEmpty() || only.contains(r.topic())).toList(), limit);
        // The distractor choice is drawn sequentially in sample order before any parallel work,
        // so the profiles do not depend on --concurrency.
        PyRandom rnd = new PyRandom(Protocol.B2_CHOICE_SEED);
        List<B2Task> tasks = new ArrayList<>();
        for (Data.PrefRecord r : sample) {
            List<String> profile = new ArrayList<>();
            profile.add(r.preference());
            for (Map.Entry<String, List<Data.PrefRecord>> e : byTopic.entrySet()) {
                if (!e.getKey().equals(r.topic())) {
                    profile.add(rnd.choice(e.getValue()).preference());
                }
            }
            tasks.add(new B2Task(r, profile));
        }
        int m = tasks.size();
        List<B2Result> rs = Parallel.map(tasks, concurrency, new Progress("b2", m), this::b2Record);
        double r1 = 0, r3 = 0, mrr = 0, recall = 0, size = 0;
        for (B2Result r : rs) {
            if (r.rank != null) {
                r1 += r.rank < 1 ? 1 : 0;
                r3 += r.rank < 3 ? 1 : 0;
                mrr += 1.0 / (r.rank + 1);
            }
            recall += r.recall;
            size += r.size;
        }
        double mm = Math.max(1, m);
        out.println("B2 records=" + m + " profile_size=" + (tasks.isEmpty() ? 0 : tasks.get(0).profile().size()));
        out.println("R@1\tR@3\tMRR\tapplied_recall\tapplied_size");
        out.println(f3(r1 / mm) + "\t" + f3(r3 / mm) + "\t" + f3(mrr / mm) + "\t" + f3(recall / mm) + "\t" + f2(size / mm));
        printSoftErrors();
        out.println("B2 r1=" + f3(r1 / mm) + " r3=" + f3(r3 / mm) + " applied_recall=" + f3(recall / mm)
            + " applied_size=" + f2(size / mm));
    }

    private B2Result b2Record(B2Task task) {
        String t = api.token(Api.freshUserId("b2"));
        try {
            Map<String, String> ids = new LinkedHashMap<>();
            for (String text : task.profile()) {
                Api.Response r = api.require("create instruction", "POST", "/api/v1/me/instructions", Map.of("text", text), t);
                ids.put(r.body().path("id").asText(), text);
            }
            Set<String> gold = new HashSet<>();
            ids.forEach((id, text) -> {
                if (text.equals(task.rec().preference())) {
                    gold.add(id);
                }
            });
            Api.Response s = api.require("search", "POST", "/api/v1/me/instructions/search",
                Map.of("query", task.rec().question(), "k", task.profile().size()), t);
            Integer rank = null;
            int i = 0;
            for (JsonNode r : s.body()) {
                if (gold.contains(instructionOf(r).path("id").asText())) {
                    rank = i;
                    break;
                }
                i++;
            }
            JsonNode conv = api.require("create conversation", "POST", "/api/v1/conversations", Map.of(), t).body();
            Chat.Reply turn;
            try (Chat chat = Chat.open(transport, api, t)) {
                turn = chat.send(conv.path("id").asText(), task.rec().question());
            }
            Set<String> applied = new HashSet<>();
            if (turn.ok()) {
                for (JsonNode x : turn.turn().path("appliedInstructions")) {
                    applied.add(x.path("id").asText());
                }
            } else {
                soft("chat turn", turn.error());
            }
            long inGold = applied.stream().filter(gold::contains).count();
            return new B2Result(rank, gold.isEmpty() ? 0 : (double) inGold / gold.size(), applied.size());
        } finally {
            api.deleteMe(t);
        }
    }

    // ---------------------------------------------------------------- B3 / B4

    private record RecResult(boolean evaluated, boolean[] hits, int rounds, int ooc, int items) {
    }

    private static final int[] KS = {1, 10, 50};

    /**
     * B3 (simulated seeker, {@code staticMode=false}) or B4 (next-turn, {@code staticMode=true}) on the
     * turns of the split: filter by split, shuffle as the reference client (PyRandom(7)), keep the first {@code limit}.
     */
    public void redial(boolean staticMode, String turnsPath, String moviesPath, int limit, Split.Mode split) {
        String tag = staticMode ? "B4" : "B3";
        List<Data.Turn> all = Data.loadTurns(turnsPath);
        Map<String, JsonNode> movies = Data.loadMovies(moviesPath);
        List<Data.Turn> rows = Protocol.shuffledPrefix(all.stream().filter(r -> split.includes(r.dialogId())).toList(), limit);
        List<RecResult> rs = Parallel.map(rows, concurrency, new Progress(tag.toLowerCase(Locale.ROOT) + " " + split.name().toLowerCase(Locale.ROOT), rows.size()),
            row -> redialTurn(staticMode, row, movies));
        int[] hits = new int[KS.length];
        int evaluated = 0, ooc = 0, items = 0;
        List<Integer> rounds = new ArrayList<>();
        for (RecResult r : rs) {
            if (!r.evaluated) {
                continue;
            }
            evaluated++;
            for (int i = 0; i < KS.length; i++) {
                hits[i] += r.hits[i] ? 1 : 0;
            }
            ooc += r.ooc;
            items += r.items;
            rounds.add(r.rounds);
        }
        double mm = Math.max(1, evaluated);
        out.println(tag + " split=" + split.name().toLowerCase(Locale.ROOT) + " turns=" + rows.size() + " evaluated=" + evaluated
            + " dialogs=" + rows.stream().map(Data.Turn::dialogId).distinct().count());
        out.println("R@1\tR@10\tR@50");
        out.println(f3(hits[0] / mm) + "\t" + f3(hits[1] / mm) + "\t" + f3(hits[2] / mm));
        printSoftErrors();
        String extra = " ooc=" + ooc + "/" + items;
        if (!staticMode) {
            extra += " rounds=" + f2(rounds.stream().mapToInt(Integer::intValue).average().orElse(0));
        }
        out.println(tag + " r1=" + f3(hits[0] / mm) + " r10=" + f3(hits[1] / mm) + " r50=" + f3(hits[2] / mm) + extra);
    }

    private RecResult redialTurn(boolean staticMode, Data.Turn row, Map<String, JsonNode> movies) {
        List<String> gold = staticMode ? Protocol.b4Gold(row.rec(), row.context()) : row.rec();
        if (staticMode && gold.isEmpty()) {
            return new RecResult(false, null, 0, 0, 0);
        }
        String t = api.token(Api.freshUserId(staticMode ? "b4" : "b3"));
        try {
            JsonNode conv = api.require("create conversation", "POST", "/api/v1/conversations",
                Map.of("history", Protocol.historyOf(row.context())), t).body();
            String cid = conv.path("id").asText();
            int used = 0;
            if (!staticMode) {
                List<JsonNode> goldInfos = gold.stream().filter(movies::containsKey).map(movies::get).toList();
                String msg = Protocol.B3_OPENING;
                try (Chat chat = Chat.open(transport, api, t)) {
                    for (int r = 0; r < 5; r++) {
                        used = r + 1;
                        Chat.Reply reply = chat.send(cid, msg);
                        if (!reply.ok()) {
                            throw new EvalException("chat turn failed: " + cid + " -> " + reply.error(), EvalException.HTTP);
                        }
                        JsonNode turn = reply.turn();
                        if (!"clarify".equals(turn.path("act").asText(null))) {
                            break;
                        }
                        JsonNode attr = turn.path("clarification").get("attribute");
                        msg = Protocol.attrAnswer(attr == null || attr.isNull() ? null : attr.asText(), goldInfos);
                    }
                }
            }
            Api.Response recs = api.call("GET", "/api/v1/conversations/" + cid + "/recommendations?limit=50", null, t);
            List<String> names = new ArrayList<>();
            if (recs.ok() && recs.body().isArray()) {
                for (JsonNode x : recs.body()) {
                    JsonNode n = x.get("name");
                    names.add(n == null || n.isNull() ? null : n.asText());
                }
            } else {
                soft("recommendations", recs);
            }
            int ooc = (int) names.stream().filter(n -> n == null || !movies.containsKey(n)).count();
            boolean[] hits = new boolean[KS.length];
            for (int i = 0; i < KS.length; i++) {
                List<String> top = names.subList(0, Math.min(KS[i], names.size()));
                hits[i] = gold.stream().anyMatch(top::contains);
            }
            return new RecResult(true, hits, used, ooc, names.size());
        } finally {
            api.deleteMe(t);
        }
    }
}
