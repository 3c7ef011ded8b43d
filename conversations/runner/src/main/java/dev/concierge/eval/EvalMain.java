package dev.concierge.eval;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Entry point: {@code java -jar concierge-eval.jar [--base URL] COMMAND [options]}. */
public final class EvalMain {
    static final String DEFAULT_BASE = "http://localhost:8080";
    static final String DEFAULT_PREFEVAL = "../shared/data/prefeval";
    static final String DEFAULT_TURNS = "../shared/data/redial/recommendation_turns_valid.jsonl";
    static final String DEFAULT_MOVIES = "../shared/data/redial/movies.jsonl";
    static final String DEFAULT_SCENARIOS = "conversations/scenarios";

    static final String USAGE = """
        usage: java -jar concierge-eval.jar [--base URL] COMMAND [options]

        commands:
          b1       PrefEval explicit preferences among distractor turns (extract + search)
          b2       standing-instruction selection (search ranking + a chat turn's appliedInstructions)
          b3       ReDial simulated seeker in attribute mode (up to 5 rounds, then recommendations)
          b4       ReDial next-turn recommendation (no further message)
          smoke    ready, catalog search "star wars", 401 without a token
          latency  instruction-search latency vs profile size, against a bare Redis HGETALL
          scenarios  simulated-user conversations from scenario files, with expectation checks

        common options:
          --base URL          service (default http://localhost:8080)
          --limit N           first N of the documented shuffle (Collections.shuffle, Random(7)); default all
          --concurrency C     records run in parallel by C workers (default 4)
          --timeout SEC       per-request timeout (default 60)
          --transport MODE    rest (default) or ws: chat turns (and feedback) over REST or the /ws/chat socket
                              (scenarios, b2's chat turn, b3's rounds; everything else is REST)
        b1, b2:
          --data DIR          PrefEval folder (default ../shared/data/prefeval)
          --ns LIST           b1: distractor pair counts (default 0,10,50,100,300)
          --topics LIST       b2: only these topics give the gold preference (default all)
        b3, b4:
          --turns FILE        default ../shared/data/redial/recommendation_turns_valid.jsonl
          --movies FILE       default ../shared/data/redial/movies.jsonl
          --split MODE        heldout (default: odd dialog_id only, see Split.heldOut) or all
        latency:
          --sizes LIST        profile sizes (default 10,100,1000)
          --repeats M         timed calls per size (default 200), after --warmup W (default 10)
          --redis HOST:PORT   the service's Redis (default 127.0.0.1:6379; "none" to skip)
          --redis-password P  sent as AUTH when given
          --max-active N      the service's active-instruction limit (default 200), for the note only

        scenarios:
          --dir DIR           scenario files (default conversations/scenarios)
          --only IDS          comma-separated scenario ids
          --seed S            simulated-user seed (default 1)
          --report PATH       also write PATH.json (results, transcripts) and PATH.html
          --smoke             only the CI smoke subset: the ids listed in DIR/smoke.txt
          --fail-on-expectation  exit 1 when any expectation fails
          --user-llm-url URL  an OpenAI-compatible base URL (e.g. http://gpu:8000/v1): the simulated user's
                              replies come from that LLM (temperature 0, seeded); rule-based without it
          --user-llm-model M  model name (default Qwen/Qwen2.5-7B-Instruct)
          --user-llm-key K    API key (default: $EVAL_USER_LLM_KEY, else none)
          (--concurrency defaults to 2 here)

        stdout: a table and one summary line; stderr: progress and warnings.
        exit: 0 ok, 1 smoke check or (with --fail-on-expectation) an expectation failed, 2 usage, 3 data missing, 4 service unreachable or HTTP failure.
        """;

    private static final List<String> COMMON = List.of("base", "limit", "concurrency", "timeout", "help", "transport");

    public static void main(String[] argv) {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
        int code;
        try {
            code = run(argv, out);
        } catch (EvalException e) {
            endProgressLine();
            System.err.println("concierge-eval: error: " + e.getMessage());
            code = e.exitCode();
        } catch (RuntimeException e) {
            endProgressLine();
            System.err.println("concierge-eval: unexpected error: " + e);
            if (System.getenv("EVAL_DEBUG") != null) {
                e.printStackTrace();
            }
            code = 1;
        }
        out.flush();
        System.exit(code);
    }

    private static void endProgressLine() {
        if (Progress.lineOpen) {
            System.err.println();
            Progress.lineOpen = false;
        }
    }

    static List<String> allowed(String... extra) {
        List<String> l = new ArrayList<>(COMMON);
        l.addAll(List.of(extra));
        return l;
    }

    /** Runs a command; returns the exit code (throws EvalException for failures). */
    public static int run(String[] argv, PrintStream out) {
        Parallel.ABORTED.set(false);
        Args a = Args.parse(argv, Set.of("help", "fail-on-expectation", "smoke"));
        if (a.command() == null || a.has("help") || a.command().equals("help")) {
            out.print(USAGE);
            return a.command() == null && !a.has("help") ? EvalException.USAGE : 0;
        }
        Api api = new Api(a.get("base", DEFAULT_BASE), Duration.ofSeconds(a.getInt("timeout", 60)));
        int limit = a.getInt("limit", -1);
        int concurrency = a.getInt("concurrency", "scenarios".equals(a.command()) ? 2 : 4);
        if (concurrency < 1) {
            throw new EvalException("--concurrency must be >= 1", EvalException.USAGE);
        }
        Chat.Transport transport = Chat.Transport.parse(a.get("transport", "rest"));
        Benchmarks b = new Benchmarks(api, concurrency, out, transport);
        String cmd = a.command();
        String echo = "# concierge-eval " + String.join(" ", argv) + "  (base=" + api.base() + ")";
        switch (cmd) {
            case "b1" -> {
                if (transport != Chat.Transport.REST) {
                    throw new EvalException("b1 has no chat turn (extract + search only); --transport ws is for scenarios, b2 and b3", EvalException.USAGE);
                }
                a.allowOnly(allowed("data", "ns"));
                out.println(echo);
                b.b1(a.get("data", DEFAULT_PREFEVAL), limit, a.getInts("ns", "0,10,50,100,300"));
            }
            case "b2" -> {
                a.allowOnly(allowed("data", "topics"));
                out.println(echo);
                b.b2(a.get("data", DEFAULT_PREFEVAL), limit, a.get("topics", ""));
            }
            case "b3", "b4" -> {
                a.allowOnly(allowed("turns", "movies", "split"));
                if (cmd.equals("b4") && transport != Chat.Transport.REST) {
                    throw new EvalException("b4 sends no chat message; --transport ws is for scenarios, b2 and b3", EvalException.USAGE);
                }
                Split.Mode split = Split.Mode.parse(a.get("split", "heldout"));
                out.println(echo);
                b.redial(cmd.equals("b4"), a.get("turns", DEFAULT_TURNS), a.get("movies", DEFAULT_MOVIES), limit, split);
            }
            case "smoke" -> {
                a.allowOnly(COMMON);
                if (transport != Chat.Transport.REST) {
                    throw new EvalException("smoke checks REST calls only; --transport ws is for scenarios, b2 and b3", EvalException.USAGE);
                }
                return Smoke.run(api, out) ? 0 : 1;
            }
            case "latency" -> {
                if (transport != Chat.Transport.REST) {
                    throw new EvalException("latency measures the REST search; --transport ws is for scenarios, b2 and b3", EvalException.USAGE);
                }
                a.allowOnly(allowed("sizes", "repeats", "warmup", "redis", "redis-password", "max-active"));
                int repeats = a.getInt("repeats", 200);
                if (repeats < 1) {
                    throw new EvalException("--repeats must be >= 1", EvalException.USAGE);
                }
                out.println(echo);
                new Latency(api, out).run(a.getInts("sizes", "10,100,1000"), repeats, a.getInt("warmup", 10),
                    a.get("redis", "127.0.0.1:6379"), a.get("redis-password", null), a.getInt("max-active", 200));
            }
            case "scenarios" -> {
                a.allowOnly(allowed("dir", "only", "seed", "report", "fail-on-expectation", "smoke",
                    "user-llm-url", "user-llm-model", "user-llm-key"));
                String only = a.get("only", "");
                Set<String> ids = new java.util.LinkedHashSet<>();
                for (String x : only.split(",")) {
                    if (!x.isBlank()) {
                        ids.add(x.trim());
                    }
                }
                String dir = a.get("dir", DEFAULT_SCENARIOS);
                if (a.has("smoke")) {
                    if (!ids.isEmpty()) {
                        throw new EvalException("--smoke and --only exclude each other", EvalException.USAGE);
                    }
                    ids.addAll(Scenario.smokeIds(dir));
                }
                List<Scenario> list = Scenario.loadDir(dir, ids);
                UserLlm userLlm = null;
                if (a.has("user-llm-url")) {
                    String key = a.get("user-llm-key", System.getenv("EVAL_USER_LLM_KEY"));
                    userLlm = new UserLlm(a.get("user-llm-url", null), a.get("user-llm-model", "Qwen/Qwen2.5-7B-Instruct"), key,
                        Duration.ofSeconds(a.getInt("timeout", 60)));
                } else if (a.has("user-llm-model") || a.has("user-llm-key")) {
                    throw new EvalException("--user-llm-model/--user-llm-key need --user-llm-url", EvalException.USAGE);
                }
                long seed;
                try {
                    seed = Long.parseLong(a.get("seed", "1"));
                } catch (NumberFormatException e) {
                    throw new EvalException("--seed must be an integer", EvalException.USAGE);
                }
                out.println(echo);
                int failed = new Scenarios(api, out, seed, transport, userLlm).run(list, concurrency, a.get("report", null));
                return failed > 0 && a.has("fail-on-expectation") ? 1 : 0;
            }
            default -> throw new EvalException("unknown command: " + cmd + " (b1, b2, b3, b4, smoke, latency, scenarios; --help)", EvalException.USAGE);
        }
        return 0;
    }
}
