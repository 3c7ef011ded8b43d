package dev.concierge.profile.learn;

import dev.concierge.profile.Instruction;
import dev.concierge.profile.MiniLmEmbedder;
import dev.concierge.profile.retrieval.Candidate;
import dev.concierge.profile.retrieval.InstructionFeatures;
import dev.concierge.profile.retrieval.InstructionRetriever;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ReconcilerTest {
    static InstructionRetriever retriever;
    static Reconciler reconciler;
    static final RuleExtractor ex = new RuleExtractor();

    @BeforeAll
    static void init() {
        retriever = new InstructionRetriever(new MiniLmEmbedder());
        reconciler = new Reconciler(retriever);
    }

    static List<Candidate> profile(String... texts) {
        List<Candidate> out = new ArrayList<>();
        int i = 0;
        for (String t : texts) {
            InstructionFeatures f = retriever.features(t, null, null);
            out.add(new Candidate(new Instruction("id" + (i++), t, Instruction.STATED, null, f.polarity(), f.condition(),
                    Instruction.ACTIVE, 1, null, null, null, null, null), f));
        }
        return out;
    }

    static Reconciler.Decision decide(String message, List<Candidate> active) {
        List<Statement> st = ex.extract(message);
        assertEquals(1, st.size(), () -> "extract " + message + " -> " + st);
        return reconciler.reconcile(st.get(0), active);
    }

    @Test
    void duplicates() {
        List<Candidate> p = profile("I'm vegetarian.", "I hate horror movies.", "I love jazz.");
        Reconciler.Decision d = decide("I'm vegetarian.", p);
        assertEquals(Reconciler.Kind.DUPLICATE, d.kind());
        assertEquals("id0", d.existingId());
        d = decide("I am a vegetarian, by the way.", p);
        assertEquals(Reconciler.Kind.DUPLICATE, d.kind(), d::why);
        assertEquals("id0", d.existingId());
        d = decide("I really dislike horror films.", p);
        assertEquals(Reconciler.Kind.DUPLICATE, d.kind(), d::why);
        assertEquals("id1", d.existingId());
    }

    @Test
    void supersedesContradictions() {
        List<Candidate> p = profile("I love jazz.", "I'm vegetarian.", "No horror movies.");
        Reconciler.Decision d = decide("I eat meat again.", p);
        assertEquals(Reconciler.Kind.SUPERSEDE, d.kind(), d::why);
        assertEquals("id1", d.existingId());
        d = decide("Actually I like horror now.", p);
        assertEquals(Reconciler.Kind.SUPERSEDE, d.kind(), d::why);
        assertEquals("id2", d.existingId());
        List<Candidate> q = profile("I hate horror movies.", "I love comedies.");
        d = decide("Actually, I like horror now.", q);
        assertEquals(Reconciler.Kind.SUPERSEDE, d.kind(), d::why);
        assertEquals("id0", d.existingId());
    }

    @Test
    void unrelatedPreferencesAreAdded() {
        List<Candidate> p = profile("I hate horror movies.", "I'm vegetarian.");
        assertEquals(Reconciler.Kind.ADD, decide("I love comedies.", p).kind());
        assertEquals(Reconciler.Kind.ADD, decide("I love romantic comedies.", p).kind());
        assertEquals(Reconciler.Kind.ADD, decide("I'm allergic to peanuts.", p).kind());
        assertEquals(Reconciler.Kind.ADD, decide("I dislike horror video games.", profile("I love horror movies.")).kind());
        assertEquals(Reconciler.Kind.ADD, decide("I avoid spicy food when traveling.", profile("I love spicy food.")).kind());
    }
}
