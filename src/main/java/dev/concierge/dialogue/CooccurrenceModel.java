package dev.concierge.dialogue;

import dev.concierge.catalog.CatalogDuplicates;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Item statistics learned from ReDial dialogues: per item, in how many dialogues it was mentioned and in how many
 * the recommender named it; per pair of items, in how many dialogues both were mentioned ("C") and how often the
 * recommender named the second after the first had been mentioned ("D", directed context -&gt; recommendation).
 * Raw catalog ids are stored; {@link #bind(CatalogIndex)} maps them to canonical films.
 *
 * <p>File format (TSV, '#' comments): {@code P id mentions recommended}, {@code C idA idB count} (idA &lt; idB),
 * {@code D idFrom idTo count}.
 */
public final class CooccurrenceModel {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern AT_ID = Pattern.compile("@(\\d+)");

    final Map<String, Integer> mentions = new HashMap<>();
    final Map<String, Integer> recommended = new HashMap<>();
    final Map<String, Map<String, Integer>> pairs = new HashMap<>();     // undirected, both directions stored
    final Map<String, Map<String, Integer>> directed = new HashMap<>();  // from -> to
    private int dialogues;
    private volatile Bound bound;

    public static CooccurrenceModel empty() {
        return new CooccurrenceModel();
    }

    public int dialogues() {
        return dialogues;
    }

    public Map<String, Integer> mentionCounts() {
        return new TreeMap<>(mentions);
    }

    // ------------------------------------------------------------------ learning

    /**
     * Learns from raw ReDial dialogues (JSON lines with conversationId, messages[{senderWorkerId, text}],
     * initiatorWorkerId, movieMentions). Only dialogues whose id passes {@code include} are used; only ids
     * accepted by {@code knownId} (e.g. catalog ids) are counted.
     */
    public static CooccurrenceModel learn(InputStream rawDialogues, Predicate<String> include, Predicate<String> knownId) {
        CooccurrenceModel m = new CooccurrenceModel();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(rawDialogues, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode d = JSON.readTree(line);
                String id = d.path("conversationId").asText();
                if (!include.test(id)) {
                    continue;
                }
                m.addDialogue(d, knownId);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }

    private void addDialogue(JsonNode d, Predicate<String> knownId) {
        dialogues++;
        String seeker = d.path("initiatorWorkerId").asText();
        Set<String> all = new LinkedHashSet<>();
        Set<String> byRecommender = new LinkedHashSet<>();
        Set<String> before = new LinkedHashSet<>();
        Map<String, Map<String, Integer>> dirLocal = new HashMap<>();
        for (JsonNode msg : d.path("messages")) {
            boolean fromSeeker = seeker.equals(msg.path("senderWorkerId").asText());
            Matcher mt = AT_ID.matcher(msg.path("text").asText());
            List<String> here = new ArrayList<>();
            while (mt.find()) {
                String id = mt.group(1);
                if (knownId.test(id) && !here.contains(id)) {
                    here.add(id);
                }
            }
            for (String id : here) {
                if (!fromSeeker && !before.contains(id)) {
                    byRecommender.add(id);
                    for (String c : before) {
                        dirLocal.computeIfAbsent(c, k -> new HashMap<>()).put(id, 1);
                    }
                }
            }
            before.addAll(here);
            all.addAll(here);
        }
        for (String id : all) {
            mentions.merge(id, 1, Integer::sum);
        }
        for (String id : byRecommender) {
            recommended.merge(id, 1, Integer::sum);
        }
        List<String> l = new ArrayList<>(all);
        for (int i = 0; i < l.size(); i++) {
            for (int j = i + 1; j < l.size(); j++) {
                pairs.computeIfAbsent(l.get(i), k -> new HashMap<>()).merge(l.get(j), 1, Integer::sum);
                pairs.computeIfAbsent(l.get(j), k -> new HashMap<>()).merge(l.get(i), 1, Integer::sum);
            }
        }
        dirLocal.forEach((from, tos) -> tos.keySet().forEach(to ->
                directed.computeIfAbsent(from, k -> new HashMap<>()).merge(to, 1, Integer::sum)));
    }

    // ------------------------------------------------------------------ file format

    public void write(Writer w, String comment) throws IOException {
        if (comment != null) {
            for (String c : comment.split("\n")) {
                w.write("# " + c + "\n");
            }
        }
        w.write("# dialogues\t" + dialogues + "\n");
        Set<String> ids = new java.util.TreeSet<>(CatalogDuplicates::compareIds);
        ids.addAll(mentions.keySet());
        for (String id : ids) {
            w.write("P\t" + id + "\t" + mentions.getOrDefault(id, 0) + "\t" + recommended.getOrDefault(id, 0) + "\n");
        }
        for (String a : ids) {
            Map<String, Integer> m = pairs.getOrDefault(a, Map.of());
            Set<String> bs = new java.util.TreeSet<>(CatalogDuplicates::compareIds);
            bs.addAll(m.keySet());
            for (String b : bs) {
                if (CatalogDuplicates.compareIds(a, b) < 0) {
                    w.write("C\t" + a + "\t" + b + "\t" + m.get(b) + "\n");
                }
            }
        }
        for (String a : ids) {
            Map<String, Integer> m = directed.getOrDefault(a, Map.of());
            Set<String> bs = new java.util.TreeSet<>(CatalogDuplicates::compareIds);
            bs.addAll(m.keySet());
            for (String b : bs) {
                w.write("D\t" + a + "\t" + b + "\t" + m.get(b) + "\n");
            }
        }
    }

    public static CooccurrenceModel read(InputStream in) {
        CooccurrenceModel m = new CooccurrenceModel();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("# dialogues\t")) {
                    m.dialogues = Integer.parseInt(line.substring(12).trim());
                }
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] p = line.split("\t");
                switch (p[0]) {
                    case "P" -> {
                        m.mentions.put(p[1], Integer.parseInt(p[2]));
                        m.recommended.put(p[1], Integer.parseInt(p[3]));
                    }
                    case "C" -> {
                        int c = Integer.parseInt(p[3]);
                        m.pairs.computeIfAbsent(p[1], k -> new HashMap<>()).put(p[2], c);
                        m.pairs.computeIfAbsent(p[2], k -> new HashMap<>()).put(p[1], c);
                    }
                    case "D" -> m.directed.computeIfAbsent(p[1], k -> new HashMap<>()).put(p[2], Integer.parseInt(p[3]));
                    default -> {
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }

    // ------------------------------------------------------------------ binding to an index

    /** Statistics per film (canonical index) of one catalog index. */
    static final class Bound {
        final CatalogIndex index;
        final int[] mentions;
        final int[] recommended;
        final int[][] nbr;       // undirected neighbours
        final float[][] nbrCount;
        final int[][] dnbr;      // directed: from film -> recommended films
        final float[][] dCount;
        final int maxRecommended;
        final float[] yearPrior; // 0..1: how much recommenders favour the film's 5-year period, per catalog film

        Bound(CatalogIndex index, int[] mentions, int[] recommended, int[][] nbr, float[][] nbrCount, int[][] dnbr,
              float[][] dCount) {
            this.index = index;
            this.mentions = mentions;
            this.recommended = recommended;
            this.nbr = nbr;
            this.nbrCount = nbrCount;
            this.dnbr = dnbr;
            this.dCount = dCount;
            int m = 0;
            for (int x : recommended) {
                m = Math.max(m, x);
            }
            this.maxRecommended = m;
            // recommendations per catalog film in each 5-year bucket (unknown year: its own bucket), log-scaled
            Map<Integer, double[]> buckets = new HashMap<>();
            for (int f = 0; f < recommended.length; f++) {
                double[] c = buckets.computeIfAbsent(index.year[f] / 5, k -> new double[2]);
                c[0] += recommended[f];
                c[1] += 1;
            }
            this.yearPrior = new float[recommended.length];
            double max = 0;
            for (double[] c : buckets.values()) {
                max = Math.max(max, Math.log1p(100 * c[0] / (c[1] + 20)));
            }
            for (int f = 0; f < recommended.length; f++) {
                double[] c = buckets.get(index.year[f] / 5);
                yearPrior[f] = max == 0 ? 0 : (float) (Math.log1p(100 * c[0] / (c[1] + 20)) / max);
            }
        }
    }

    Bound bind(CatalogIndex index) {
        Bound b = bound;
        if (b != null && b.index == index) {
            return b;
        }
        int n = index.size();
        int[] men = new int[n];
        int[] rec = new int[n];
        mentions.forEach((id, c) -> {
            int f = index.filmIndex(id);
            if (f >= 0) {
                men[f] += c;
            }
        });
        recommended.forEach((id, c) -> {
            int f = index.filmIndex(id);
            if (f >= 0) {
                rec[f] += c;
            }
        });
        Object[] u = adjacency(index, pairs, n);
        Object[] d = adjacency(index, directed, n);
        b = new Bound(index, men, rec, (int[][]) u[0], (float[][]) u[1], (int[][]) d[0], (float[][]) d[1]);
        bound = b;
        return b;
    }

    private static Object[] adjacency(CatalogIndex index, Map<String, Map<String, Integer>> src, int n) {
        List<Map<Integer, Float>> acc = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            acc.add(null);
        }
        src.forEach((a, m) -> {
            int fa = index.filmIndex(a);
            if (fa < 0) {
                return;
            }
            m.forEach((bId, c) -> {
                int fb = index.filmIndex(bId);
                if (fb < 0 || fb == fa) {
                    return;
                }
                Map<Integer, Float> row = acc.get(fa);
                if (row == null) {
                    row = new HashMap<>();
                    acc.set(fa, row);
                }
                row.merge(fb, (float) c, Float::sum);
            });
        });
        int[][] nb = new int[n][];
        float[][] w = new float[n][];
        for (int i = 0; i < n; i++) {
            Map<Integer, Float> row = acc.get(i);
            if (row == null) {
                nb[i] = new int[0];
                w[i] = new float[0];
                continue;
            }
            nb[i] = new int[row.size()];
            w[i] = new float[row.size()];
            int k = 0;
            for (Map.Entry<Integer, Float> e : row.entrySet()) {
                nb[i][k] = e.getKey();
                w[i][k++] = e.getValue();
            }
        }
        return new Object[]{nb, w};
    }
}
