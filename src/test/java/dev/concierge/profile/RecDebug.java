package dev.concierge.profile;
import dev.concierge.profile.retrieval.*;
import dev.concierge.profile.learn.*;
public class RecDebug {
    public static void main(String[] a) {
        InstructionRetriever r = new InstructionRetriever(new MiniLmEmbedder());
        for (String t : a) {
            var f = r.features(t, null, null);
            System.out.println(t + " -> pol=" + f.polarity() + " subj=" + f.subject() + " core=" + f.subjectTerms() + " cond=" + f.condition() + " " + new RuleExtractor().extract(t));
        }
        var f0 = r.features(a[0], null, null); var f1 = r.features(a[1], null, null);
        System.out.println("cos=" + TextEmbedder.dot(f0.vector(), f1.vector()));
    }
}
