package dev.concierge.profile;

public class DomainDebug {
    public static void main(String[] args) {
        for (String a : args) {
            System.out.println(a + " -> " + Lexicon.domainProfile(a));
            for (String w : Lexicon.words(a)) {
                var m = Lexicon.domainProfile(w);
                if (!m.isEmpty()) System.out.println("   " + w + " (" + Lexicon.stem(w) + ") " + m.keySet());
            }
        }
    }
}
