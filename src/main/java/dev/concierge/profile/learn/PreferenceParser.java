package dev.concierge.profile.learn;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sentence-level rules shared by the extractor (chat messages) and the retriever (stated instructions):
 * is this sentence a first-person preference/constraint or a standing instruction, what is its polarity,
 * its condition and its subject. General English preference language only; no data-set specific lists.
 */
public final class PreferenceParser {
    private PreferenceParser() {
    }

    /** Result of parsing one sentence. {@code kind} is null when the sentence is not a preference. */
    public record Parsed(String kind, String polarity, String condition, String subject, double confidence) {
        public boolean isStatement() {
            return kind != null;
        }
    }

    public static final String FIRST_PERSON = "first-person";
    public static final String CONDITIONAL = "conditional";
    public static final String STANDING = "standing";
    

    private static final int F = Pattern.CASE_INSENSITIVE;

    // Leading discourse markers that do not change meaning.
    private static final Pattern DISCOURSE = Pattern.compile(
            "^(?:(?:also|and|but|oh|btw|by the way|actually|honestly|well|ok|okay|so|just so you know|fyi|"
                    + "note that|please note that|keep in mind that|keep in mind|remember that|remember|for the record|"
                    + "in general|generally|personally|to be honest|frankly|for what it's worth|just fyi|"
                    + "one more thing|another thing|also note|plus|hey|hi|hello|anyway|anyways|these days|lately|"
                    + "nowadays|for context|as a heads up|heads up|just a heads up|quick note|side note)[,:;!.\\s-]+)+", F);

    // An introductory clause before the first-person subject ("As a devout Buddhist, I ...", "Due to X, I ...").
    private static final Pattern INTRO = Pattern.compile(
            "^(?:(?:as an?|as someone who|due to|because of|given|for|being|since|ever since|after|with|"
                    + "owing to|out of|on account of|following)\\s[^,]{1,90},\\s*)", F);

    private static final Pattern SUBJECT = Pattern.compile(
            "^(?:i|i'm|im|i am|i've|i have|i'd|i'll|we|we're|we are|we've|my|our|me and my|my (?:wife|husband|partner|"
                    + "family|kids|children|son|daughter)(?: and i)?)\\b", F);

    // First-person sentences that are requests or narration, not preferences.
    private static final Pattern REQUEST = Pattern.compile(
            "\\b(?:i|we) (?:want|need|would like|'d like|wish|expect|am asking|'m asking|ask|require) (?:you|u)\\b|\\byour\\b"
                    + "|\\b(?:can|could|would|will|do|did) (?:you|u)\\b|\\byou to\\b|\\bhelp me\\b|\\bfor me to\\b(?=.*\\?)"
                    + "|^(?:i|we) (?:want|need|would like|'d like|wanted|would love|'d love) to (?:know|learn|ask|understand|see|"
                    + "find out|get|make|create|write|build|have|buy|book|visit|go|try|start|do|play|watch|read|"
                    + "listen|plan|take|become|improve|practice|study|travel|cook|order|share|discuss|talk|check|"
                    + "explore|compare|begin|continue|add|change|convert|run|implement|fix|use (?:a|an|the|this|my)\\b|"
                    + "generate|design|develop|set up|install|download|upload|send|ask)\\b"
                    + "|^(?:i|we)(?:'m| am|'re| are) (?:looking for|trying to|working on|writing|planning|going to|about to|"
                    + "thinking|wondering|curious|not sure|unsure|confused|stuck|getting|having|building|creating|"
                    + "making|doing|developing|learning|studying|preparing|applying|attempting|hoping|here|ready|"
                    + "done|back|new to|currently|running|testing|reading|watching|playing|visiting|traveling|"
                    + "travelling|heading|moving|starting|organizing|organising|hosting|throwing|in the process)\\b"
                    + "|^(?:i|we) (?:have|got|'ve got|'ve|had) (?:a|an|the|this|some|two|three|four|five|\\d+|another|"
                    + "following|these|those|my) (?:question|questions|problem|problems|issue|issues|error|errors|bug|"
                    + "code|file|files|list|text|essay|task|tasks|project|paper|dataset|data|function|script|table|"
                    + "document|request|idea|homework|assignment|exam|interview|meeting|job|website|app|program|"
                    + "story|poem|friend|doubt|query|presentation|report|draft|few|couple|lot)\\b"
                    + "|^(?:i|we) (?:think|guess|mean|see|hope|wonder|understand|agree|disagree|suppose|assume|noticed|"
                    + "tried to|wrote|made|did|said|asked|just|already|recently|created|built|found that|realized|"
                    + "realised|forgot|remember|am going|shall|was|were|got|can(?!'t|not| only| never| no longer)|"
                    + "could(?!n't| never| not| only)|may|might|must (?!avoid|have|not)|also need|need (?:a|an|some|the|help|"
                    + "to know|to find|to get|to write|to make|to create|to buy|to book|you)|want (?:a|an|some|the|you|more))"
                    + "(?![\\w'])|\\b(?:give|send|provide|show|paste|share|tell|ask) you\\b", F);

    private static final Pattern CODE = Pattern.compile(
            "[{}<>\\[\\]=|`\\\\]|\\(\\)|\\b(?:def|return|import|var|const|int|public|void|null|true|false|"
                    + "print|println|function|lambda|select|from \\w+ where)\\b(?=.*[(){}=])", F);

    // --- polarity cues -------------------------------------------------------------------------------------
    private static final String ADV = "(?:(?:really|truly|just|absolutely|totally|completely|strongly|strictly|"
            + "deeply|greatly|highly|generally|usually|typically|mostly|also|still|do|very much|much|"
            + "personally|firmly|genuinely|definitely|simply|honestly|kind of|sort of|rather|actively|"
            + "adamantly|steadfastly|vehemently|always|tend to|try to|prefer to|would|will|vastly|far|very|so|"
            + "extremely|super|incredibly|pretty|somewhat|a bit|a little|slightly|severely|deathly|"
            + "intensely|passionately|utterly|quite|particularly|especially|increasingly|now|no longer)\\s+)*";

    private static final Pattern AVOID = Pattern.compile(
            "(?:\\b(?:i|we)(?:'m| am|'re| are|'ve| have|'d)?|\\b(?:and|but|yet|so)(?: also| therefore| thus)?)\\s+" + ADV
                    + "(?:dislike|rather not|prefer not|prefer to not|choose not|try not|tend not|dislikes|hate|despise|detest|loathe|abhor|avoid|refuse|reject|shun|"
                    + "steer clear|stay away|keep away|shy away|can't stand|cannot stand|can not stand|"
                    + "can't tolerate|cannot tolerate|can't handle|cannot handle|can't bear|cannot bear|can't do|"
                    + "can't (?:eat|have|drink|consume|use|wear|participate|be around|afford|digest|take|ride|fly|swim|"
                    + "walk|climb|sit|stand|sleep|watch|listen|read|play|stomach|deal with)|"
                    + "cannot (?:eat|have|drink|consume|use|wear|participate|be around|afford|digest|take|ride|fly|"
                    + "swim|walk|climb|sit|stand|sleep|watch|listen|read|play|stomach|deal with)|"
                    + "don't|do not|never|won't|will not|no longer|stopped|quit|gave up|have given up|"
                    + "not (?:a|an|into|interested|keen|fond|comfortable|big|crazy|particularly|really|very|much)|"
                    + "against|opposed|object to|am averse|averse|allergic|intolerant|sensitive|afraid|scared|"
                    + "terrified|frightened|uncomfortable|uneasy|squeamish|claustrophobic|get (?:motion sick|seasick|"
                    + "carsick|airsick|sick|nauseous|anxious|uncomfortable|bored|dizzy|overwhelmed)|"
                    + "(?:stance|position|policy) against|get (?:very |extremely |really |so |quite |super |incredibly )?"
                    + "(?:anxious|nervous|uncomfortable|stressed|overwhelmed|claustrophobic)|"
                    + "have (?:a |an )?(?:[\\w']+[ -]){0,5}(?:aversion|dislike|distaste|phobia|fear|allergy|allergies|"
                    + "intolerance|sensitivity|objection|hatred|disdain|stance against)|have no (?:interest|desire|patience|time)|"
                    + "(?:must|have to|need to|should) (?:avoid|limit|stay away|steer clear|cut|reduce|minimize|"
                    + "stay off|keep away|be careful)|(?:try|tend|aim|want|prefer|like|choose|need|would like|"
                    + "'d like|would rather|'d rather) to (?:avoid|minimize|limit|reduce|cut|stay away|steer clear|"
                    + "keep away|stay off|skip|not|never)|find (?:it )?(?:[\\w'-]+ ){0,6}(?:boring|tedious|"
                    + "difficult|hard|unsettling|off-putting|offputting|distracting|uncomfortable|annoying|"
                    + "overwhelming|disorienting|unengaging|dull|stressful|frustrating|ineffective|unpleasant|"
                    + "depressing|creepy|pointless|repulsive|disgusting|too slow|too|unbearable|unappealing|"
                    + "irritating|exhausting|draining|overrated|vapid|cheesy|confusing|intimidating))\\b", F);

    private static final Pattern PREFER = Pattern.compile(
            "(?:\\b(?:i|we)(?:'m| am|'re| are|'ve| have|'d)?|\\b(?:and|but|yet|so)(?: also| therefore| thus)?)\\s+" + ADV
                    + "(?:(?:eat|drink|wear|watch|play|read|use|listen to|started eating|started drinking|"
                    + "went back to|am back to|'m back to) [\\w' -]{1,40}?(?:again|nowadays|these days|now)\\b|"
                    + "(?<!would |'d |would really |'d really )(?:like|love)|enjoy|adore|prefer|rather|favor|favour|prioritize|prioritise|value|appreciate|"
                    + "cherish|crave|relish|thrive|learn best|work best|study best|sleep best|do best|"
                    + "(?:a |an )?(?:big |huge |great |avid |lifelong |die-hard |devoted |passionate )?(?:fan|lover|"
                    + "enthusiast|aficionado|connoisseur|devotee|admirer) of|an? (?:avid|passionate|keen|devoted|"
                    + "enthusiastic) |passionate about|fascinated by|obsessed with|into|interested in|drawn to|"
                    + "keen on|fond of|crazy about|big on|stick to|stick with|adhere to|adhere|follow|committed to|"
                    + "believe in|swear by|rely on|insist on|only|exclusively|mainly|primarily|mostly|always|"
                    + "(?:am|'m) (?:fine|okay|ok|happy|comfortable|good) with|don't mind|do not mind|"
                    + "(?:want|need|would like|'d like|like|love|prefer) (?:only|something|things|places|options|"
                    + "products|food|to (?:own|feed|support|buy only|use only|eat only|stay|keep|have|live|"
                    + "be|focus|spend|travel|learn|work|eat|use|wear|go))|"
                    + "have (?:a |an )?(?:\\w+[ -]){0,3}(?:preference|love|passion|fondness|weakness|soft spot|"
                    + "interest|affinity|appreciation|taste|penchant)|"
                    + "(?:firmly|strongly|deeply|truly|genuinely) believe|find (?:it )?(?:[\\w'-]+ ){0,6}(?:relaxing|fun|enjoyable|engaging|helpful|effective|useful|"
                    + "inspiring|fascinating|interesting|appealing|calming|rewarding|motivating|energizing|"
                    + "soothing|satisfying|comforting|exciting))\\b", F);

    private static final Pattern IDENTITY = Pattern.compile(
            "\\b(?:i|we)(?:'m| am|'re| are| have been|'ve been| became| have become|'ve become| went| have gone|"
                    + "'ve gone| switched to| turned| eat| keep| follow| stick to| adhere to| maintain| observe| "
                    + "live| lead| practice| practise)?\\s+" + ADV
                    + "(?:a |an |on a |on an |following a |following an |a strict |an ethical |a lifelong |a )?"
                    + "(?:strict |devout |committed |lifelong |ethical |practicing |practising |observant |"
                    + "full-time |part-time |mostly |medically[- ]prescribed |doctor-prescribed |)"
                    + "(vegan|vegetarian|pescatarian|pescetarian|flexitarian|plant-based|celiac|coeliac|diabetic|"
                    + "lactose[- ]intolerant|gluten[- ]free|dairy[- ]free|nut[- ]free|sugar[- ]free|alcohol[- ]free|"
                    + "kosher|halal|teetotal|teetotaler|teetotaller|sober|muslim|jewish|hindu|buddhist|jain|mormon|"
                    + "keto|ketogenic|paleo|carnivore|low[- ]\\w+|high[- ]\\w+|raw[- ]food|raw vegan|whole30|"
                    + "wheelchair user|in a wheelchair|blind|deaf|hard of hearing|visually impaired|pregnant|"
                    + "breastfeeding|nursing|recovering alcoholic|allergic|intolerant|[\\w-]+ intolerant|[\\w-]+ allergic|non-drinker|non-smoker|smoker|"
                    + "intermittent fasting|fasting|(?:\\w+[- ]){0,2}diet)\\b", F);

    private static final Pattern CONSTRAINT = Pattern.compile(
            "\\b(?:my budget|budget (?:is|of)|(?:can't|cannot|can only) afford|on a (?:tight |limited |strict |"
                    + "small |fixed )?budget|(?:use|in|need) a wheelchair|wheelchair|mobility (?:issues|aid|problems|"
                    + "scooter)|step-free|(?:need|require)s? (?:\\w+ ){0,3}(?:accessible|accessibility)|disability|"
                    + "disabled|have (?:a |an )?(?:\\w+[ -]){0,3}(?:disease|condition|disorder|syndrome|diabetes|"
                    + "celiac|ibs|arthritis|asthma|migraines|skin|knees|back|joints|joint issues|joint problems|"
                    + "anxiety|claustrophobia|motion sickness|vertigo|eczema|acne|rosacea|psoriasis|allergies|"
                    + "tinnitus|insomnia|adhd|autism|dyslexia|hearing loss|bad eyesight|kids|children|toddler|"
                    + "baby|dog|dogs|cat|cats|pet|pets)|(?:is|are) (?:my|our) (?:top |number one |#1 |main |first |"
                    + "biggest |highest )?priorit(?:y|ies)|important to me|matters to me|(?:a |my )?"
                    + "deal-?breaker|non-negotiable|must-have|(?:my|our) (?:kids|children|partner|wife|husband|family|"
                    + "son|daughter) (?:is|are|can't|cannot|don't|doesn't|won't|hate|love|like|need)|"
                    + "(?:need|require|want) (?:\\w+[ -]){0,5}(?:to be considered|when choosing|when picking|"
                    + "when selecting|when looking))\\b", F);

    private static final Pattern ME_EVAL = Pattern.compile(
            "\\b(?:don't|doesn't|do not|does not|never) (?:interest|appeal to|suit|agree with) me\\b"
                    + "|\\b(?:gives?|makes?) me (?:a headache|headaches|sick|nauseous|uncomfortable|anxious|queasy|"
                    + "itchy|a rash|hives|bored|sleepy)\\b|\\b(?:bores?|disgusts?|scares?|terrifies|repulses?|"
                    + "annoys?|irritates?) me\\b|\\b(?:is|are) (?:a )?(?:strict |hard |firm |big )?(?:no-go|no go|"
                    + "dealbreaker|deal-breaker|deal breaker|non-starter|turn-off|turnoff)s? for me\\b|"
                    + "\\bis a (?:strict |hard |firm |big )?no\\b", F);

    private static final Pattern STANDING_START = Pattern.compile(
            "^(?:please\\s+)?(?:always|never|from now on|going forward|in (?:the )?future|don't ever|do not ever|"
                    + "by default|as a rule|no matter what)\\b", F);

    private static final Pattern COND_START = Pattern.compile(
            "^(when|whenever|if|every time|each time|any time|anytime|once|on days|on trips|while)\\s+"
                    + "((?:i|i'm|i am|we|we're|we are|my|our|booking|planning|traveling|travelling|searching|"
                    + "looking|shopping|ordering|eating|dining|flying|going|buying|choosing|picking|selecting|"
                    + "watching|reading|listening|visiting|staying|renting|it's|it is|there's)\\b[^,]{2,140}),\\s*(.+)$", F);

    private static final Pattern COND_END = Pattern.compile(
            "^(.{3,200}?)[,]?\\s+((?:whenever|every time|each time|any time|anytime|when|if|while)\\s+"
                    + "(?:i|i'm|i am|we|we're|we are|my|our)\\b.{2,140})$", F);

    private static final Pattern COND_INNER = Pattern.compile(
            "[,]?\\s+((?:whenever|every time|each time|any time|anytime|when|if|while)\\s+"
                    + "(?:(?:i|i'm|i am|we|we're|we are|my|our)\\s+(?!possible\\b|can\\b|could\\b)[^,;.]{2,100}|"
                    + "(?:booking|planning|traveling|travelling|searching for|looking for|shopping for|ordering|"
                    + "eating out|dining out|flying|buying|choosing|picking|selecting|renting|visiting|staying|"
                    + "going)\\b[^,;.]{0,100}))", F);

    private static final Pattern IMPERATIVE = Pattern.compile(
            "^(?:(?:also|please|always|then|just|automatically|by default|kindly)\\s+)*(?:make sure (?:to|that|you)|"
                    + "be sure to|remember to|don't forget to|look|find|search|book|reserve|add|include|check|remind|"
                    + "suggest|recommend|show|get|use|avoid|give|keep|send|order|pick|choose|plan|pay|put|set|"
                    + "schedule|prefer|prioritize|prioritise|sort|filter|skip|exclude|mention|tell|ask|list|note|"
                    + "notify|alert|consider|offer|default to|select|go with|assume|opt for|limit|stick to|"
                    + "don't|do not|never|only|leave out|steer clear|stay away|exclude|make it|make them|"
                    + "look for|search for|arrange|organize|request|convert|translate|answer|respond|reply|"
                    + "write|format|keep it|keep them|no)\\b", F);

    private static final Pattern ACTION_MARK = Pattern.compile(
            "\\b(?:always|also|too|as well|automatically|by default|make sure|be sure|remember|please|don't|"
                    + "do not|never|only|prefer|avoid|prioriti[sz]e|include|remind)\\b|^(?:i|we)\\b", F);

    private static final Pattern HABIT_VERB = Pattern.compile(
            "\\b(?:book|booking|search|searching|look for|looking for|plan|planning|travel|traveling|travelling|"
                    + "fly|flying|order|ordering|buy|buying|shop|shopping|ask|asking|request|want|need|go|going|eat|"
                    + "eating|dine|dining|watch|watching|listen|listening|read|reading|reserve|reserving|rent|"
                    + "renting|stay|staying|visit|visiting|choose|choosing|pick|picking|get|getting|make|making|"
                    + "attend|attending|host|hosting|cook|cooking|work|working|exercise|train|training|play|playing|"
                    + "take|taking|go out|head out|drive|driving|commute|commuting|have guests|have friends|"
                    + "am hungry|am tired|am on|am at|am in|'m on|'m at|'m in|'m hungry|'m tired|'m traveling|"
                    + "'m travelling|'m flying|'m with|am with)\\b", F);

    private static final Pattern NEGATED_IMPERATIVE = Pattern.compile(
            "^(?:please\\s+)?(?:don't|do not|never|no more|stop|avoid|skip|exclude|no)\\b", F);

    // ------------------------------------------------------------------------------------------------------

    public static String clean(String s) {
        String t = s.replace('\u2019', '\'').replace('\u2018', '\'').replace('\u201c', '"').replace('\u201d', '"')
                .replaceAll("\\s+", " ").trim();
        t = t.replaceAll("^(?:[-*\u2022>]+|\\d{1,2}[.)])\\s+", "");
        while (t.length() > 1 && (t.startsWith("\"") || t.startsWith("'") || t.startsWith("("))) t = t.substring(1).trim();
        while (t.length() > 1 && (t.endsWith("\"") || t.endsWith("'") || t.endsWith(")")) && !t.endsWith("(s)"))
            t = t.substring(0, t.length() - 1).trim();
        return t;
    }

    /** Strips leading discourse markers ("Also, ", "Actually ") and an introductory clause. */
    static String core(String t) {
        String c = DISCOURSE.matcher(t).replaceFirst("");
        return c;
    }

    /**
     * Parses one sentence of a chat message. Strict: only first-person preferences, conditional standing
     * instructions and "always/never/from now on" instructions count; requests and questions do not.
     */
    public static Parsed parseChatSentence(String sentence) {
        String t = clean(sentence);
        if (t.length() < 6 || t.length() > 420) return none();
        if (t.endsWith("?")) {
            // "I'm vegan, what should I cook?" -> keep the statement part
            Matcher m = Pattern.compile("^(.{6,}?),\\s*(?:so |and |but )?(?:what|which|how|can|could|would|any|do|"
                    + "does|is|are|where|who|should)\\b", F).matcher(t);
            if (!m.find()) return none();
            t = m.group(1);
        }
        if (CODE.matcher(t).find()) return none();
        String c = core(t);
        if (c.isEmpty()) return none();
        String lc = c.toLowerCase(Locale.ROOT);

        // conditional instruction at the start: "When I book concert tickets, also look for a hotel."
        Matcher cm = COND_START.matcher(c);
        if (cm.matches()) {
            String condition = (cm.group(1) + " " + cm.group(2)).trim();
            String action = cm.group(3).trim();
            String cond = condition.toLowerCase(Locale.ROOT);
            boolean habitual = cond.startsWith("whenever") || cond.startsWith("every") || cond.startsWith("each")
                    || cond.startsWith("any");
            boolean firstPersonAction = SUBJECT.matcher(action).find() && (AVOID.matcher(action).find()
                    || PREFER.matcher(action).find());
            boolean imperative = IMPERATIVE.matcher(action).find() && !REQUEST.matcher(action).find()
                    && !action.contains("?");
            boolean marked = ACTION_MARK.matcher(action).find();
            if (firstPersonAction || (imperative && (habitual || marked || HABIT_VERB.matcher(cond).find()))) {
                String pol = polarityOf(action);
                return new Parsed(CONDITIONAL, pol, condition, subjectOf(action, pol), firstPersonAction ? 0.85 : 0.8);
            }
            return none();
        }
        // standing instruction: "Always book aisle seats.", "From now on, never suggest chain restaurants."
        if (STANDING_START.matcher(c).find()) {
            String rest = c.replaceFirst("(?i)^(?:please\\s+)?(?:from now on|going forward|in (?:the )?future|by default|"
                    + "as a rule|no matter what)[,\\s]*", "");
            if (IMPERATIVE.matcher(rest).find() || STANDING_START.matcher(rest).find() || SUBJECT.matcher(rest).find()) {
                String pol = polarityOf(c);
                String cond = innerCondition(c);
                return new Parsed(STANDING, pol, cond, subjectOf(c, pol), 0.75);
            }
        }
        // reversed conditional: "Book a window seat whenever I fly."
        Matcher ce = COND_END.matcher(c);
        if (ce.matches() && IMPERATIVE.matcher(ce.group(1)).find() && !SUBJECT.matcher(ce.group(1)).find()) {
            String cond = ce.group(2).toLowerCase(Locale.ROOT);
            boolean habitual = cond.startsWith("whenever") || cond.startsWith("every") || cond.startsWith("each")
                    || cond.startsWith("any");
            if ((habitual || ACTION_MARK.matcher(ce.group(1)).find()) && !REQUEST.matcher(c).find()) {
                String pol = polarityOf(ce.group(1));
                return new Parsed(CONDITIONAL, pol, ce.group(2).trim(), subjectOf(ce.group(1), pol), 0.75);
            }
        }

        // first-person statement
        String fp = INTRO.matcher(c).replaceFirst("");
        boolean meEval = ME_EVAL.matcher(c).find();
        if (!SUBJECT.matcher(fp).find() && !meEval) return none();
        String lfp = fp.toLowerCase(Locale.ROOT);
        if (REQUEST.matcher(lfp).find() && !strongCue(lfp)) return none();
        String pol = null;
        double conf = 0.9;
        Matcher a = AVOID.matcher(fp), p = PREFER.matcher(fp), id = IDENTITY.matcher(fp), k = CONSTRAINT.matcher(fp);
        int ai = a.find() ? a.start() : Integer.MAX_VALUE;
        int pi = p.find() ? p.start() : Integer.MAX_VALUE;
        int ii = id.find() ? id.start() : Integer.MAX_VALUE;
        int ki = k.find() ? k.start() : Integer.MAX_VALUE;
        if (ai == Integer.MAX_VALUE && pi == Integer.MAX_VALUE && ii == Integer.MAX_VALUE && ki == Integer.MAX_VALUE) {
            if (meEval) {
                pol = Pattern.compile("\\b(?:appeals? to me|interests? me)\\b", F).matcher(fp).find()
                        && !Pattern.compile("\\b(?:don't|doesn't|do not|does not|never)\\b", F).matcher(fp).find()
                        ? "prefer" : "avoid";
                conf = 0.7;
            } else {
                return none();
            }
        } else {
            int min = Math.min(Math.min(ai, pi), Math.min(ii, ki));
            if (min == ai) pol = "avoid";
            else if (min == pi) pol = negatedPrefer(p.group()) ? "avoid" : "prefer";
            else if (min == ii) pol = identityPolarity(id.group(1));
            else pol = "neutral";
            // a "don't"/"never" cue only counts when followed by a verb of consumption or preference
            if (min == ai && !Pattern.compile("(?:don't|do not|never|won't|will not)$", F).matcher(a.group()).find()) {
                // fine
            } else if (min == ai) {
                String after = fp.substring(a.end()).trim().toLowerCase(Locale.ROOT);
                if (!after.matches("^(?:" + ADV + ")(?:like|enjoy|eat|drink|wear|use|want|care|watch|read|listen|play|buy|fly|"
                        + "drive|go|love|appreciate|consume|own|book|stay|touch|smoke|do|have|trust|support|feel|find|"
                        + "mind|shop|order|take|ride|dine|allow|keep|tolerate|buy|purchase|attend|visit|participate|"
                        + "engage|travel|cook|fancy|believe|handle|get along|need|prefer|really|particularly).*")) {
                    if (ii == Integer.MAX_VALUE && pi == Integer.MAX_VALUE && ki == Integer.MAX_VALUE) return none();
                    pol = ii < Integer.MAX_VALUE ? identityPolarity(id.group(1)) : pi < Integer.MAX_VALUE ? "prefer" : "neutral";
                } else if (after.startsWith("mind")) {
                    pol = "prefer";
                }
            }
            if (min == pi && isWeakPrefer(p.group())) conf = 0.7;
        }
        String cond = innerCondition(fp);
        return new Parsed(FIRST_PERSON, pol, cond, subjectOf(fp, pol), conf);
    }

    /** Diets and lifestyles are followed ("prefer vegetarian"); allergies and conditions exclude ("avoid"). */
    static String identityPolarity(String identity) {
        String l = identity.toLowerCase(Locale.ROOT);
        if (l.matches(".*(?:allergic|intolerant|celiac|coeliac|diabetic|pregnant|breastfeeding|nursing|alcoholic).*")) return "avoid";
        if (l.matches(".*(?:wheelchair|blind|deaf|hearing|impaired).*")) return "neutral";
        return "prefer";
    }

    private static boolean negatedPrefer(String cue) {
        return Pattern.compile("\\bno longer\\b", F).matcher(cue).find();
    }

    private static boolean isWeakPrefer(String cue) {
        return Pattern.compile("\\b(?:mostly|mainly|primarily|always|follow|value|rely on|into)\\b\\s*$", F).matcher(cue.trim()).find();
    }

    private static boolean strongCue(String l) {
        return Pattern.compile("\\b(?:allergic|allergy|intolerant|vegan|vegetarian|celiac|halal|kosher|wheelchair|"
                + "dislike|hate|despise|detest|can't stand|cannot stand|aversion|phobia)\\b", F).matcher(l).find()
                && !l.contains("?") && !Pattern.compile("\\b(?:can|could|would|will) you\\b|\\byou to\\b", F).matcher(l).find();
    }

    static String innerCondition(String s) {
        Matcher m = COND_INNER.matcher(s);
        if (m.find()) {
            String c = m.group(1).trim();
            c = c.replaceAll("[.!]+$", "");
            return c;
        }
        return null;
    }

    /**
     * The topical content of a preference: the text with the first-person preference wording removed
     * ("I have a strong aversion to digital learning" -> "digital learning"), for embedding.
     */
    public static String topicText(String text) {
        String t = core(clean(text));
        t = INTRO.matcher(t).replaceFirst("");
        String r = AVOID.matcher(t).replaceAll(" ");
        r = PREFER.matcher(r).replaceAll(" ");
        r = r.replaceAll("(?i)\\b(?:i'm|i am|i|my|me|we|our)\\b", " ")
                .replaceAll("(?i)^\\s*(?:(?:to|for|of|in|with|on|like|enjoy|love|using|use|consume|consuming|eating|eat|"
                        + "wearing|wear|watching|watch|reading|read|playing|play|a|an|the)\\s+)+", " ")
                .replaceAll("\\s+", " ").trim();
        return r.length() < 3 ? t : r;
    }

    private static Parsed none() {
        return new Parsed(null, null, null, null, 0);
    }

    // --- polarity and subject for any instruction text (also imperatives: "No horror movies") -------------

    /** Polarity of a preference/instruction text: avoid, prefer or neutral. */
    public static String polarityOf(String text) {
        String t = core(clean(text));
        String fp = INTRO.matcher(t).replaceFirst("");
        Matcher a = AVOID.matcher(fp), p = PREFER.matcher(fp), id = IDENTITY.matcher(fp);
        int ai = a.find() ? a.start() : Integer.MAX_VALUE;
        int pi = p.find() ? p.start() : Integer.MAX_VALUE;
        int ii = id.find() ? id.start() : Integer.MAX_VALUE;
        String body = t.replaceFirst("(?i)^(?:please\\s+)?(?:always\\s+|from now on,?\\s+|going forward,?\\s+)?", "");
        if (NEGATED_IMPERATIVE.matcher(body).find() && ai == Integer.MAX_VALUE && pi == Integer.MAX_VALUE) return "avoid";
        if (Pattern.compile("^(?:please\\s+)?(?:(?:\\w+\\s+){0,3}(?:only|exclusively)|always|prefer|prioriti[sz]e|"
                + "stick to|favou?r|include|choose|pick|opt for|go with)\\b", F).matcher(body).find()
                && ai == Integer.MAX_VALUE && pi == Integer.MAX_VALUE) return "prefer";
        int min = Math.min(ai, Math.min(pi, ii));
        if (min == ii && ii < ai && ii < pi) return identityPolarity(id.group(1));
        if (min == Integer.MAX_VALUE) {
            if (Pattern.compile("\\b(?:no|not|never|without|avoid|don't|doesn't|won't|hate|dislike)\\b", F).matcher(t).find())
                return "avoid";
            if (Pattern.compile("\\b(?:love|like|prefer|enjoy|want|only|always|fan)\\b", F).matcher(t).find()) return "prefer";
            return "neutral";
        }
        if (min == pi && pi < ai) return negatedPrefer(p.group()) ? "avoid" : "prefer";
        if (min == ai) {
            String cue = a.group();
            if (Pattern.compile("(?:don't|do not|never|won't|will not)$", F).matcher(cue).find()) {
                String after = fp.substring(a.end()).trim().toLowerCase(Locale.ROOT);
                if (after.startsWith("mind")) return "prefer";
            }
            return "avoid";
        }
        return "avoid";
    }

    private static final Pattern SUBJ_BOUNDARY = Pattern.compile(
            "(?:[,;:.!?()\"]|\\s(?:and|or|but|so|because|as|due|since|which|that|who|when|whenever|while|rather|"
                    + "over|instead|such|including|especially|unless|if|like|to avoid|for|from|with|in|at|on|"
                    + "during|whenever|except|than|where|even|is|are|was|were|it|they|whether|although|though)\\s)", F);

    private static final Pattern SUBJ_FILLER = Pattern.compile(
            "^(?:(?:any|all|the|a|an|some|most|certain|many|much|kinds? of|forms? of|types? of|sorts? of|kind of|"
                    + "using|eating|wearing|watching|reading|listening to|listening|playing|to|be|being|having|doing|"
                    + "visiting|going to|going|participating in|participate in|consuming|buying|purchasing|owning|"
                    + "living in|living|taking|dining in|dining at|dining|drinking|use|eat|wear|watch|read|listen|"
                    + "play|consume|buy|purchase|own|live|take|dine|drink|anything|things|stuff|in|on|with|of|"
                    + "for|about|it|by|around|really|very|too|more|less|overly|highly|heavily|extremely|like|enjoy|love|"
                    + "want to|want|care for|fan of|a fan of|big fan of|into|interested in|fond of|keen on|to use|"
                    + "to eat|to wear|to watch|to read|to play|to listen to|to own|to have|to buy|to attend|"
                    + "to participate in|to take|to visit|to go to|to stay in|to travel|attending|attend|"
                    + "strong|severe|deep|intense|acute|extreme|mild|slight|real|serious|major|big|huge|"
                    + "particular|ethical|moral|strict|such|my|our|your|their|own|new|old|mostly|only|"
                    + "exclusively|strictly|generally|mainly|primarily|seriously|fully|completely|feel|"
                    + "recommending|suggesting|recommend|suggest|show|include|book|give me|show me|"
                    + "get|go for|travel by|fly with|stay in|stay at|shop at|shop for|shop|travel)\\s+)+", F);

    /** A short normalized topic of a preference text ("horror", "meat", "gluten", "mobile games"), or null. */
    public static String subjectOf(String text, String polarity) {
        String t = core(clean(text));
        t = INTRO.matcher(t).replaceFirst("");
        String l = t.toLowerCase(Locale.ROOT);
        Matcher m;
        if ((m = Pattern.compile("\\ballerg(?:ic|y|ies) (?:to|of) ([^,;.]+)").matcher(l)).find()) return trimSubject(m.group(1));
        if ((m = Pattern.compile("\\b((?:[\\w-]+ ){0,2}?[\\w-]+) (?:allergy|allergies|intolerance|intolerant|sensitivity)\\b").matcher(l)).find()) {
            String s = trimSubject(m.group(1).replaceFirst("^(?:.*\\b(?:i'm|i am|am|m|i|have|a|an)\\s+)", ""));
            if (s != null && !s.matches("(?:i'm|i am|am|i|m|a|an|have|severe|strong|mild|very|extreme)")) return s;
        }
        if ((m = Pattern.compile("\\b(?:fear|phobia|afraid|scared|terrified|aversion|dislike|distaste|preference|love|"
                + "passion|fondness|weakness|soft spot|interest|affinity|hatred|disdain|objection|sensitive|"
                + "sensitivity|opposed|against|averse) (?:of|to|for|in|about|toward|towards) ([^,;.]+)").matcher(l)).find())
            return trimSubject(m.group(1));
        if ((m = Pattern.compile("\\b(?:eat|drink|wear|watch|play|read|use|listen to|eating|drinking|back to) ([\\w' -]{1,40}?) "
                + "(?:again|nowadays|these days|now)\\b").matcher(l)).find()) return trimSubject(m.group(1));
        if ((m = IDENTITY.matcher(t)).find()) {
            String g = m.group(1).toLowerCase(Locale.ROOT).replaceAll("\\s+diet$", "").trim();
            if (!g.isEmpty() && !g.equals("diet")) return g.replace('-', ' ').replace(" free", "-free");
        }
        Matcher a = AVOID.matcher(t), p = PREFER.matcher(t);
        int ai = a.find() ? a.end() : -1;
        int pi = p.find() ? p.end() : -1;
        int as = ai >= 0 ? a.start() : Integer.MAX_VALUE, ps = pi >= 0 ? p.start() : Integer.MAX_VALUE;
        int from = -1;
        if (as <= ps && ai >= 0) from = ai;
        else if (pi >= 0) from = pi;
        String rest;
        if (from >= 0) {
            rest = t.substring(from);
        } else {
            // imperative instruction: "No horror movies", "Avoid chain restaurants", "Only book aisle seats"
            rest = t.replaceFirst("(?i)^(?:please\\s+)?(?:always|never|from now on,?|going forward,?|only|don't|do not|"
                    + "no|avoid|skip|exclude|stop|prefer|prioriti[sz]e|stick to|favou?r)\\s+", "");
            rest = rest.replaceFirst("(?i)^(?:recommend(?:ing)?|suggest(?:ing)?|show(?:ing)?|include|includ(?:ing)?|"
                    + "book(?:ing)?|give me|offer(?:ing)?|propos(?:e|ing)|pick|choose|use)\\s+(?:me\\s+)?", "");
        }
        return trimSubject(rest);
    }

    static String trimSubject(String s) {
        if (s == null) return null;
        String r = " " + s.trim() + " ";
        r = SUBJ_FILLER.matcher(r.trim()).replaceFirst("");
        Matcher b = SUBJ_BOUNDARY.matcher(" " + r + " ");
        String cut = r;
        if (b.find()) {
            int idx = Math.max(0, b.start() - 1);
            cut = r.substring(0, Math.min(idx, r.length()));
        }
        cut = SUBJ_FILLER.matcher(cut.trim()).replaceFirst("").trim();
        List<String> ws = List.of(cut.toLowerCase(Locale.ROOT).split("\\s+"));
        if (ws.isEmpty() || cut.isBlank()) return null;
        if (ws.size() > 4) ws = ws.subList(0, 4);
        String out = String.join(" ", ws).replaceAll("[^\\p{L}\\p{N}\\s'&-]", "").trim();
        return out.isEmpty() ? null : out;
    }
}
