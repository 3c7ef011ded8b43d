package dev.concierge.profile.retrieval;

import java.util.List;
import java.util.Map;

/**
 * Everything the retriever needs about one instruction, computed ONCE when the instruction is written
 * ({@link InstructionRetriever#features}) and stored beside it (plain JSON via Jackson). Recompute when
 * {@code schema} differs from {@link #SCHEMA} or the text changes.
 *
 * @param schema           features format version
 * @param vector           MiniLM vector (normalized) of the instruction text (without a leading trigger condition)
 * @param conditionVector  MiniLM vector of the condition, or null
 * @param condition        the condition ("when I book concert tickets"), or null
 * @param trigger          true: the condition gates the instruction ("When I X, do Y"); false: soft context
 * @param terms            stemmed content terms of the text (for BM25)
 * @param conditionTerms   stemmed content terms of the condition
 * @param domains          domain profile of the text (domain id -> weight)
 * @param conditionDomains domain profile of the condition
 * @param polarity         prefer | avoid | neutral
 * @param subject          short topic ("horror", "meat"), or null
 * @param subjectTerms     stemmed core terms of the subject (generic words removed)
 * @param domainProto      soft domain distribution from MiniLM similarity to domain prototypes (order of
 *                         {@link dev.concierge.profile.Lexicon#DOMAINS})
 */
public record InstructionFeatures(int schema, float[] vector, float[] conditionVector, String condition, boolean trigger,
                                  List<String> terms, List<String> conditionTerms, Map<String, Double> domains,
                                  Map<String, Double> conditionDomains, String polarity, String subject,
                                  List<String> subjectTerms, float[] domainProto) {
    public static final int SCHEMA = 1;
}
