package dev.concierge.dialogue;

import dev.concierge.catalog.Text;
import dev.concierge.profile.Instruction;

import java.util.ArrayList;
import java.util.List;

/**
 * Standing instructions (profile) as catalog constraints. Each constraint keeps the id of the instruction that
 * produced it, so a recommendation can list the instructions it honoured.
 *
 * <p>Kinds: "genre" / "person" / "item" with polarity "avoid" (hard exclusion) or "prefer" (score boost), and
 * "year" (hard range yearMin..yearMax). The instruction text is parsed with {@link Understanding}; a negated
 * mention ("no horror", "I can't stand horror") or an instruction whose polarity is "avoid" gives "avoid".
 */
public final class InstructionConstraints {

    public static final String GENRE = "genre";
    public static final String PERSON = "person";
    public static final String ITEM = "item";
    public static final String YEAR = "year";
    public static final String PREFER = Instruction.PREFER;
    public static final String AVOID = Instruction.AVOID;

    public record Constraint(String kind, String value, String polarity, Integer yearMin, Integer yearMax,
                             String instructionId) {
    }

    /** The constraints of a set of applied instructions (JSON-serialisable). */
    public record Constraints(List<Constraint> list) {
        public Constraints {
            list = list == null ? List.of() : List.copyOf(list);
        }

        public static Constraints none() {
            return new Constraints(List.of());
        }

        /** Values of one kind and polarity. */
        public List<String> values(String kind, String polarity) {
            List<String> out = new ArrayList<>();
            for (Constraint c : list) {
                if (c.kind().equals(kind) && c.polarity().equals(polarity) && !out.contains(c.value())) {
                    out.add(c.value());
                }
            }
            return out;
        }
    }

    private InstructionConstraints() {
    }

    /** Active instructions for the movies domain (or no domain) -&gt; constraints. Unknown text gives nothing. */
    public static Constraints from(List<Instruction> applied, CatalogIndex index) {
        List<Constraint> out = new ArrayList<>();
        if (applied == null) {
            return Constraints.none();
        }
        for (Instruction in : applied) {
            if (in == null || in.text() == null || (in.status() != null && !in.isActive())) {
                continue;
            }
            if (in.domain() != null && !in.domain().isBlank() && !in.domain().equalsIgnoreCase("movies")
                    && !in.domain().equalsIgnoreCase("movie") && !in.domain().equalsIgnoreCase("general")) {
                continue;
            }
            RequestFrame f = Understanding.parse(in.text(), index);
            // an avoid-instruction whose text names nothing negated ("I hate horror") avoids all it names; one that
            // already says what it wants and what not ("light comedies, not heavy dramas") is taken as parsed
            boolean negatedPart = !f.unwantedGenres().isEmpty() || !f.unwantedPeople().isEmpty();
            boolean avoidAll = Instruction.AVOID.equals(in.polarity()) && !negatedPart;
            for (String g : f.unwantedGenres()) {
                out.add(new Constraint(GENRE, g, AVOID, null, null, in.id()));
            }
            for (String g : f.wantedGenres()) {
                out.add(new Constraint(GENRE, g, avoidAll ? AVOID : PREFER, null, null, in.id()));
            }
            for (String p : f.unwantedPeople()) {
                out.add(new Constraint(PERSON, p, AVOID, null, null, in.id()));
            }
            for (String p : f.wantedPeople()) {
                out.add(new Constraint(PERSON, p, avoidAll ? AVOID : PREFER, null, null, in.id()));
            }
            for (RequestFrame.ItemMention m : f.items()) {
                boolean avoid = avoidAll || RequestFrame.DISLIKED.equals(m.sentiment());
                out.add(new Constraint(ITEM, m.itemId(), avoid ? AVOID : PREFER, null, null, in.id()));
            }
            if (f.yearMin() != null || f.yearMax() != null) {
                // PREFER = keep only items inside the range; AVOID = drop items inside it ("avoid old movies").
                // A negated text ("nothing before 1990") already came back as the range to keep.
                boolean textNegated = Text.normTokens(in.text()).stream().anyMatch(Lexicon.NEGATION::contains);
                out.add(new Constraint(YEAR, null, avoidAll && !textNegated ? AVOID : PREFER,
                        f.yearMin(), f.yearMax(), in.id()));
            }
        }
        return new Constraints(out);
    }
}
