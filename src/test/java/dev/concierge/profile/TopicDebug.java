package dev.concierge.profile;
import dev.concierge.profile.learn.PreferenceParser;
public class TopicDebug {
    public static void main(String[] a) throws Exception {
        int i = 0;
        for (PrefEvalData.Rec r : PrefEvalData.records()) if (i++ % 37 == 0) System.out.println(r.preference() + "\n   => " + PreferenceParser.topicText(r.preference()));
    }
}
