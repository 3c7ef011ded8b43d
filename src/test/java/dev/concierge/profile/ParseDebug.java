package dev.concierge.profile;

import dev.concierge.profile.learn.PreferenceParser;
import dev.concierge.profile.learn.RuleExtractor;

public class ParseDebug {
    public static void main(String[] args) {
        for (String a : args) {
            System.out.println(a + "\n  -> " + PreferenceParser.parseChatSentence(a) + "\n  -> " + new RuleExtractor().extract(a)
                    + "\n  pol=" + PreferenceParser.polarityOf(a) + " subj=" + PreferenceParser.subjectOf(a, null));
        }
    }
}
