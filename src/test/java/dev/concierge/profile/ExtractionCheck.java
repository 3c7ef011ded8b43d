package dev.concierge.profile;

import dev.concierge.profile.learn.RuleExtractor;
import dev.concierge.profile.learn.Statement;

import java.util.List;

/** Dev tool: extraction recall on PrefEval preferences and noise on distractor user turns. */
public class ExtractionCheck {
    public static void main(String[] args) throws Exception {
        RuleExtractor ex = new RuleExtractor();
        List<PrefEvalData.Rec> recs = PrefEvalData.records();
        int hit = 0;
        for (PrefEvalData.Rec r : recs) {
            List<Statement> st = ex.extract(r.preference());
            if (!st.isEmpty()) hit++;
            else System.out.println("MISS " + r.topic() + ": " + r.preference());
            if (args.length > 0 && args[0].equals("-v")) for (Statement s : st) System.out.println("   " + s);
        }
        System.out.printf("recall %d/%d = %.3f%n", hit, recs.size(), hit / (double) recs.size());
        int noise = 0, turns = 0;
        for (PrefEvalData.Msg[] p : PrefEvalData.interTurns()) {
            turns++;
            for (Statement s : ex.extract(p[0].text())) {
                noise++;
                System.out.println("NOISE: " + s);
            }
        }
        System.out.printf("noise %d over %d user turns%n", noise, turns);
    }
}
