package dev.concierge.dialogue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Word lists used by the index and the parser (English). */
final class Lexicon {

    private Lexicon() {
    }

    static Set<String> words(String s) {
        return Set.copyOf(java.util.Arrays.asList(s.trim().split("\\s+")));
    }

    /** Function words. */
    static final Set<String> STOP = words("""
            a an the and or but of to in on at for with by from as is are was were be been being am it its
            this that these those i me my we our you your he him his she her they them their what which who
            whom whose when where why how not no nor so than too very can will just do does did have has had
            into about over under again then once there here all any both each few more most other some such
            only own same s t don dont should now up down out off if because until while one ll ve re d m o y
            """);

    /** Common English and chat words: a bare title made only of these needs Title Case to count as a mention. */
    static final Set<String> COMMON;

    static {
        Set<String> extra = words("""
                time year people way day man thing woman life child world school state family student group
                country problem hand part place case week company system program question work government number
                night point home water room mother area money story fact month lot right study book eye job word
                business issue side kind head house service friend father power hour game line end member law car
                city community name president team minute idea kid body information back parent face others level
                office door health person art war history party result change morning reason research girl guy
                moment air teacher force education foot boy age policy everything process music market sense
                nation plan college interest death experience effect use class control care field development role
                effort rate heart drug show leader light voice wife police mind price report decision son view
                relationship town road arm difference value building action model season society tax director
                position player record paper space ground form event official matter center couple site project
                activity star table need court oil situation cost industry figure street image phone data picture
                practice piece land product doctor wall patient worker news test movie movies film films north
                love something nothing anything everyone someone go get make know think take see come want look
                give find tell ask seem feel try leave call good new first last long great little own old big high
                different small large next early young important public bad same able like liked love loved
                really well also yes yeah okay ok sure thanks thank hello hi hey please maybe watch watched seen
                saw recommend suggestion suggest scary funny sad happy dark best better favorite favourite fun
                cool nice awesome amazing enjoy enjoyed enjoys action drama comedy horror thriller romance
                animated kids again still never always ever even much many lots any every today tonight tomorrow
                yesterday soon later before after since ago last past future present gone going went coming came
                made makes making said says saying told tell tells heard hear hears seeing looks looking looked
                watching wanted wants wanting need needs needed let lets put run running ran set sets keep kept
                turn turned start started stop stopped play played playing plays move moving moved live living
                lived believe bring brought happen happened write wrote written sit stand lose lost pay paid
                meet met include continue learn change lead understand speak read spend grow open walk win offer
                remember consider appear buy wait serve die send expect build stay fall cut reach kill remain
                suggested raise pass sell require decide pull break broke broken taken take took signs sign cars
                car up her us it home frozen rush heat split twister speed crash fury cell drive driven doubt
                legend hero heroes saint taken hidden wanted alive dead ghost
                ghosts monster monsters beast beasts trolls troll elf cats dogs dog cat birds bird
                friends heat cold warm hot fire ice wind storm rain snow sun moon sky sea ocean river island
                mountain forest woods beach desert lake summer winter spring fall autumn christmas halloween
                king queen prince princess lady lord sir mister miss mrs mr boss chef nurse soldier spy agent
                hunter killer thief doctor lawyer judge captain general coach teacher mom dad sister brother
                baby babies wedding birthday party dinner lunch breakfast coffee tea food beer wine
                beautiful pretty ugly smart stupid crazy mad angry happy lucky strange weird perfect real true
                fake free wild tough hard soft easy simple special super extra final sweet bitter
                red blue green black white gray grey gold silver pink brown yellow orange
                one two three four five six seven eight nine ten hundred thousand million
                """);
        java.util.HashSet<String> all = new java.util.HashSet<>(STOP);
        all.addAll(extra);
        COMMON = Set.copyOf(all);
    }

    /** Word or phrase (normalised) -&gt; comma-separated catalog genres. */
    static final Map<String, String> GENRE_SYNONYMS = new LinkedHashMap<>();

    private static void g(String genres, String... phrases) {
        for (String p : phrases) {
            GENRE_SYNONYMS.put(p, genres);
        }
    }

    static {
        g("horror", "horror", "horrors", "horrer", "horroe", "horor", "scary", "scarey", "scariest", "scare", "scares",
                "frightening", "creepy", "spooky", "slasher", "slashers", "gory", "gore", "zombie", "zombies",
                "haunted", "haunting", "ghost story", "ghost stories", "supernatural", "terrifying");
        g("comedy", "comedy", "comedies", "comedic", "comedys", "funny", "funnier", "funniest", "hilarious",
                "humor", "humour", "humorous", "laugh", "laughs", "slapstick", "parody", "spoof", "goofy", "silly");
        g("comedy,romance", "romcom", "romcoms", "rom com", "rom coms", "romantic comedy", "romantic comedies");
        g("romance", "romance", "romances", "romantic", "love story", "love stories", "chick flick", "chick flicks",
                "date movie", "date night");
        g("sci-fi", "sci fi", "scifi", "sci-fi", "science fiction", "space", "aliens", "alien", "futuristic",
                "dystopian", "dystopia", "time travel", "robots", "cyberpunk");
        g("animation", "animation", "animated", "animations", "cartoon", "cartoons", "anime", "pixar", "claymation");
        g("family", "family", "kids", "kid", "children", "childrens", "child", "family friendly", "kid friendly",
                "for kids", "for the kids", "toddler", "toddlers");
        g("action", "action", "actions", "action packed", "explosions", "martial arts", "kung fu", "shoot em up", "superhero", "superheroes", "super hero", "super heroes");
        g("adventure", "adventure", "adventures", "adventurous");
        g("thriller", "thriller", "thrillers", "thrilling", "suspense", "suspenseful", "suspensful", "psychological thriller",
                "edge of my seat", "edge of your seat");
        g("drama", "drama", "dramas", "dramatic", "tearjerker", "tear jerker", "tearjerkers");
        g("crime", "crime", "crimes", "gangster", "gangsters", "mob", "mafia", "heist", "heists", "cop", "cops",
                "police", "detective", "detectives");
        g("mystery", "mystery", "mysteries", "whodunit", "whodunnit", "mysterious");
        g("fantasy", "fantasy", "fantasies", "magic", "magical", "wizard", "wizards", "dragons", "fairy tale",
                "fairy tales", "fairytale");
        g("documentary", "documentary", "documentaries", "docs", "documentry", "docu", "docuseries");
        g("biography", "biography", "biographies", "biopic", "biopics", "biographical", "true story",
                "true stories", "based on a true story", "real story");
        g("history", "history", "historical", "period piece", "period pieces", "period drama");
        g("war", "war", "wars movie", "war movie", "war movies", "war film", "war films", "military", "wwii", "ww2",
                "world war", "vietnam");
        g("western", "western", "westerns", "cowboy", "cowboys", "wild west");
        g("musical", "musical", "musicals", "sing along", "singalong");
        g("music", "music", "concert", "concerts");
        g("sport", "sport", "sports", "football", "baseball", "basketball", "boxing", "soccer", "hockey");
        g("film-noir", "film noir", "noir", "film-noir");
        g("short", "short film", "short films", "shorts");
    }

    /** Negation cues (normalised single tokens). */
    static final Set<String> NEGATION = words("""
            no not dont doesnt didnt cant cannot couldnt wont wouldnt isnt arent wasnt werent never nothing none
            without except excluding hate hates hated dislike dislikes disliked avoid avoiding nor neither
            against stand sick tired skip besides instead aint havent hasnt hadnt
            """);

    /** Tokens after a negation cue that cancel it ("don't mind", "not sure", "never seen"). */
    static final Set<String> NEGATION_CANCEL = words("""
            mind care know sure matter think seen watched heard remember recall saw wait
            """);

    static final Set<String> LIKE = words("""
            love loved loves like liked likes enjoy enjoyed enjoys great good awesome amazing favorite favourite
            favorites best fantastic excellent brilliant classic wonderful fun funny hilarious adore adored
            fan big into cool perfect masterpiece incredible superb beautiful hooked obsessed terrific
            """);

    static final Set<String> DISLIKE = words("""
            hate hated hates dislike disliked boring bored awful terrible horrible bad worst overrated meh
            stupid dumb lame sucked sucks disappointing disappointed annoying waste
            """);

    static final Set<String> GREETING = words("hi hello hey hiya howdy greetings morning evening afternoon");
    static final Set<String> THANKS = words("thanks thank thx ty bye goodbye cheers appreciate later night");
}
