package dev.concierge.llm;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Default {@link AvoidRule}: an avoid instruction is violated when it names one of the candidate's genres, people
 * or its title as a whole word or phrase ("no horror" vs genre Horror; "nothing with Tom Cruise" vs Tom Cruise).
 * Conservative on purpose: it never drops a pick on a mere word overlap with the title's other words.
 */
@DefaultBean
@ApplicationScoped
public class AttributeAvoidRule implements AvoidRule {

    private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
    // compiled once: String.replaceAll compiles its pattern on every call, and this runs per pick, instruction and
    // each of the pick's genres and people
    private static final Pattern MARK = Pattern.compile("\\p{M}");

    @Override
    public boolean violates(CandidateItem item, AppliedInstruction instruction) {
        if (instruction == null || !instruction.isAvoid() || instruction.text() == null) {
            return false;
        }
        String text = " " + normalize(instruction.text()) + " ";
        for (String genre : item.genres()) {
            if (mentions(text, genre) || mentions(text, genre + "s")) {
                return true;
            }
        }
        for (String person : item.people()) {
            if (mentions(text, person)) {
                return true;
            }
        }
        return mentions(text, item.name());
    }

    private static boolean mentions(String normalizedText, String phrase) {
        if (phrase == null) {
            return false;
        }
        String p = normalize(phrase);
        return p.length() >= 3 && normalizedText.contains(" " + p + " ");
    }

    static String normalize(String s) {
        String n = MARK.matcher(Normalizer.normalize(s, Normalizer.Form.NFD)).replaceAll("");
        return NON_WORD.matcher(n.toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
    }
}
