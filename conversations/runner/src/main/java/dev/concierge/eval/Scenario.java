package dev.concierge.eval;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** One scenario file of {@code conversations/scenarios/} (schema in {@code conversations/README.md}). */
public record Scenario(String id, String title, String phenomenon, String prefevalForm, String persona,
                       List<String> stated, List<Protocol.Message> history, Target target, String opening, Expect expect) {

    public static final Set<String> PHENOMENA = Set.of("none", "plain", "several", "conditional", "chain", "override");
    public static final Set<String> FORMS = Set.of("explicit", "implicit-choice", "implicit-persona");

    /** The hidden target: attributes only, never a title. */
    public record Target(List<String> genres, List<String> stars, List<String> directors, Integer yearFrom, Integer yearTo) {
    }

    public record Expect(Boolean mustAskFirst, List<String> neverGenres, List<String> neverItemIds,
                         String mustApplyInstructionContaining, String mustNotApplyInstructionContaining,
                         int maxTurns, Integer successWithin) {
    }

    /** Parses and validates one scenario; {@code where} names the file in error messages. */
    public static Scenario parse(JsonNode n, String where) {
        String id = text(n, "id");
        if (id == null || id.isBlank()) {
            throw bad(where, "missing \"id\"");
        }
        String ph = text(n, "phenomenon");
        if (ph == null || !PHENOMENA.contains(ph)) {
            throw bad(where, "\"phenomenon\" must be one of " + PHENOMENA + ", got " + ph);
        }
        String form = text(n, "prefevalForm");
        if (form != null && !FORMS.contains(form)) {
            throw bad(where, "\"prefevalForm\" must be one of " + FORMS + " or null, got " + form);
        }
        String opening = text(n, "opening");
        if (opening == null || opening.isBlank()) {
            throw bad(where, "missing \"opening\"");
        }
        List<Protocol.Message> history = new ArrayList<>();
        for (JsonNode h : n.path("history")) {
            String role = text(h, "role");
            if (!"user".equals(role) && !"assistant".equals(role)) {
                throw bad(where, "history role must be user|assistant, got " + role);
            }
            history.add(new Protocol.Message(role, text(h, "text")));
        }
        JsonNode t = n.path("target");
        Target target = new Target(strings(t.path("genres")), strings(t.path("stars")), strings(t.path("directors")),
            t.hasNonNull("yearFrom") ? t.get("yearFrom").asInt() : null, t.hasNonNull("yearTo") ? t.get("yearTo").asInt() : null);
        if (target.genres().isEmpty() && target.stars().isEmpty() && target.directors().isEmpty()) {
            throw bad(where, "\"target\" needs at least one genre, star or director");
        }
        JsonNode e = n.path("expect");
        int maxTurns = e.path("maxTurns").asInt(0);
        if (maxTurns < 1) {
            throw bad(where, "\"expect.maxTurns\" must be >= 1");
        }
        Expect expect = new Expect(e.hasNonNull("mustAskFirst") ? e.get("mustAskFirst").asBoolean() : null,
            strings(e.path("neverGenres")), strings(e.path("neverItemIds")),
            text(e, "mustApplyInstructionContaining"), text(e, "mustNotApplyInstructionContaining"),
            maxTurns, e.hasNonNull("successWithin") ? e.get("successWithin").asInt() : null);
        return new Scenario(id, text(n, "title"), ph, form, text(n, "persona"), strings(n.path("stated")), history,
            target, opening, expect);
    }

    /** All {@code *.json} of a folder, sorted by file name; {@code only} (ids) filters when not empty. */
    public static List<Scenario> loadDir(String dir, Set<String> only) {
        Path d = Data.requireDir(dir, "scenario folder");
        List<Scenario> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(d)) {
            for (Path p : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                JsonNode n;
                try {
                    n = Api.JSON.readTree(p.toFile());
                } catch (IOException ex) {
                    throw new EvalException("cannot parse " + p.toAbsolutePath() + ": " + ex.getMessage(), EvalException.DATA);
                }
                Scenario s = parse(n, p.toAbsolutePath().toString());
                if (only.isEmpty() || only.contains(s.id())) {
                    out.add(s);
                }
            }
        } catch (IOException ex) {
            throw new EvalException("cannot list " + d.toAbsolutePath() + ": " + ex.getMessage(), EvalException.DATA);
        }
        if (!only.isEmpty() && out.size() != only.size()) {
            Set<String> found = new java.util.HashSet<>();
            out.forEach(s -> found.add(s.id()));
            List<String> missing = only.stream().filter(i -> !found.contains(i)).sorted().toList();
            throw new EvalException("unknown scenario id(s) in --only: " + missing, EvalException.USAGE);
        }
        return out;
    }

    /** The CI smoke subset: the ids in {@code DIR/smoke.txt}, one a line ({@code #} starts a comment). */
    public static List<String> smokeIds(String dir) {
        Path f = Data.requireDir(dir, "scenario folder").resolve("smoke.txt");
        List<String> ids = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(f)) {
                String l = line.replaceAll("#.*", "").trim();
                if (!l.isEmpty()) {
                    ids.add(l);
                }
            }
        } catch (IOException e) {
            throw new EvalException("cannot read the smoke subset " + f.toAbsolutePath() + ": " + e.getMessage(), EvalException.DATA);
        }
        if (ids.isEmpty()) {
            throw new EvalException("the smoke subset " + f.toAbsolutePath() + " lists no scenario", EvalException.DATA);
        }
        return ids;
    }

    private static EvalException bad(String where, String msg) {
        return new EvalException(where + ": " + msg, EvalException.DATA);
    }

    private static String text(JsonNode n, String f) {
        JsonNode v = n.get(f);
        return v == null || v.isNull() ? null : v.asText();
    }

    static List<String> strings(JsonNode arr) {
        List<String> l = new ArrayList<>();
        for (JsonNode x : arr) {
            l.add(x.asText());
        }
        return l;
    }
}
