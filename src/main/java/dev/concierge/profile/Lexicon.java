package dev.concierge.profile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * General-purpose text helpers shared by the extractor, the reconciler and the retriever: tokenization,
 * a light stemmer, stop words, and a hand-written domain lexicon (food, travel, lodging, transport,
 * movies/TV, music, books, games, sports, events, fitness, health, beauty, fashion, home, tech, pets,
 * work, living location, education, finance, shopping). Pure functions, no I/O.
 */
public final class Lexicon {
    private Lexicon() {
    }

    public static final Set<String> STOP = new java.util.HashSet<>(List.of(
            "a", "an", "the", "and", "or", "but", "so", "of", "to", "in", "on", "at", "for", "with", "by", "from", "as",
            "is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did", "done", "have", "has", "had",
            "i", "me", "my", "mine", "myself", "we", "us", "our", "you", "your", "yours", "he", "she", "it", "its", "they",
            "them", "their", "this", "that", "these", "those", "there", "here", "what", "which", "who", "whom", "whose",
            "when", "where", "why", "how", "can", "could", "would", "should", "will", "shall", "may", "might", "must",
            "some", "any", "all", "each", "every", "no", "not", "nor", "only", "own", "same", "such", "than", "too",
            "very", "just", "also", "about", "into", "over", "under", "up", "down", "out", "off", "again", "then",
            "once", "more", "most", "other", "others", "if", "while", "because", "due", "since", "until", "like",
            "im", "i'm", "i'd", "i've", "i'll", "don't", "dont", "doesn't", "can't", "cannot", "won't", "isn't",
            "aren't", "it's", "let", "let's", "please", "recommend", "suggest", "suggestion", "suggestions",
            "recommendation", "recommendations", "option", "options", "some", "good", "great", "best", "new",
            "really", "strongly", "strictly", "prefer", "preference", "dislike", "avoid", "want", "need", "looking",
            "look", "help", "find", "give", "tell", "get", "make", "go", "going", "know", "think", "one", "ones",
            "thing", "things", "way", "ways", "something", "anything", "everything", "lot", "lots", "much", "many",
            "well", "even", "still", "yet", "ever", "never", "always", "whenever", "possible", "due", "concern",
            "concerns", "'s", "s", "t", "d", "ll", "re", "ve", "m", "upcoming", "next", "soon", "try", "trying",
            "enjoy", "love", "hate", "interested", "consider", "considering", "planning", "plan", "would", "like"));

    /** Lower-case word tokens (letters/digits; hyphenated words are split). */
    public static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) return out;
        String t = text.toLowerCase(Locale.ROOT).replace('\u2019', '\'');
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (Character.isLetterOrDigit(c) || (c == '\'' && cur.length() > 0 && i + 1 < t.length()
                    && Character.isLetter(t.charAt(i + 1)))) {
                cur.append(c);
            } else if (cur.length() > 0) {
                out.add(cur.toString());
                cur.setLength(0);
            }
        }
        if (cur.length() > 0) out.add(cur.toString());
        return out;
    }

    /** Irregular forms mapped to one stem before suffix stripping. */
    private static final Map<String, String> IRREGULAR = Map.of("flight", "fly", "flights", "fly", "flew", "fly",
            "flown", "fly", "ate", "eat", "eaten", "eat", "bought", "buy", "went", "go", "children", "child");

    /** A light suffix stemmer (plural, -ing, -ed, -ly), consistent on both sides of a comparison. */
    public static String stem(String w) {
        String irr = IRREGULAR.get(w);
        if (irr != null) return irr;
        String s = w;
        if (s.endsWith("'s")) s = s.substring(0, s.length() - 2);
        if (s.length() <= 3) return s;
        if (s.endsWith("ies") && s.length() > 4) return s.substring(0, s.length() - 3) + "y";
        if (s.endsWith("sses")) return s.substring(0, s.length() - 2);
        if (s.endsWith("ing") && s.length() > 5) {
            s = s.substring(0, s.length() - 3);
            return undouble(s);
        }
        if (s.endsWith("ed") && s.length() > 4 && !s.endsWith("eed")) {
            s = s.substring(0, s.length() - 2);
            return undouble(s);
        }
        if (s.endsWith("es") && s.length() > 4 && (s.endsWith("ches") || s.endsWith("shes") || s.endsWith("xes")
                || s.endsWith("ses") || s.endsWith("zes"))) return s.substring(0, s.length() - 2);
        if (s.endsWith("s") && !s.endsWith("ss") && !s.endsWith("us") && !s.endsWith("is")) s = s.substring(0, s.length() - 1);
        if (s.endsWith("e") && s.length() > 5) s = s.substring(0, s.length() - 1);
        return s;
    }

    private static String undouble(String s) {
        int n = s.length();
        if (n > 3 && s.charAt(n - 1) == s.charAt(n - 2) && "lsz".indexOf(s.charAt(n - 1)) < 0) return s.substring(0, n - 1);
        if (s.endsWith("e") && s.length() > 5) return s.substring(0, s.length() - 1);
        return s;
    }

    /** Content terms: words minus stop words, stemmed. */
    public static List<String> terms(String text) {
        List<String> out = new ArrayList<>();
        for (String w : words(text)) {
            if (STOP.contains(w) || w.length() < 2) continue;
            out.add(stem(w));
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------
    // Domain lexicon. Keys are domain ids; the group lets related domains share partial credit.
    // ---------------------------------------------------------------------------------------------
    public static final Map<String, String> GROUP = new LinkedHashMap<>();
    private static final Map<String, Map<String, Double>> DOMAIN_OF_TERM = new HashMap<>();
    private static final Map<String, Map<String, Double>> DOMAIN_OF_TERM_BIGRAM = new HashMap<>();
    public static final List<String> DOMAINS = new ArrayList<>();
    private static final Set<String> PHRASE_GENERIC = Set.of("non", "free", "based", "first", "class", "high", "low",
            "one", "time", "set", "open", "world", "source", "single", "player", "use", "top", "card", "party", "plan",
            "art", "life", "balance", "cost", "quality", "area", "weather", "from", "home", "stand", "up", "out",
            "around", "getting", "animal", "natural", "steel", "tested", "testing", "training", "program", "apps",
            "food", "music", "game", "games", "video", "online", "care", "club", "tickets", "show", "floor", "table",
            "design", "sim", "seat", "rent", "car", "school", "group", "mental", "blood", "pressure", "live",
            "smart", "editing", "plant", "suite", "system", "operating", "reality", "sport", "sports", "water", "cold");

    /** A short keyword description per domain (for embedding prototypes). */
    public static final Map<String, String> DESCRIPTION = new LinkedHashMap<>();

    /**
     * Sub-domains: a narrower activity inside a domain ("dining" out, inside "food"). They are not in
     * {@link #DOMAINS} (no prototype, never a label: {@link #topDomain} folds them into the parent), only in
     * domain profiles, where they let a request for dishes tell a diet (about food) from a restaurant
     * preference (about where to eat). A request in a sub-domain is also a request in its parent
     * ({@link #implyParents}); the converse does not hold.
     */
    public static final Map<String, String> PARENT = new LinkedHashMap<>();

    private static void subdomain(String id, String parent, String words) {
        domain(id, GROUP.get(parent), words);
        DOMAINS.remove(id);
        PARENT.put(id, parent);
    }

    private static void domain(String id, String group, String words) {
        DOMAINS.add(id);
        GROUP.put(id, group);
        List<String> kw = new ArrayList<>();
        for (String raw : words.split(",")) {
            String w = raw.trim();
            if (!w.isEmpty() && !w.startsWith("~") && kw.size() < 40) kw.add(w);
        }
        DESCRIPTION.put(id, String.join(", ", kw));
        for (String raw : words.split(",")) {
            String w = raw.trim();
            if (w.isEmpty()) continue;
            double weight = 1.0;
            if (w.startsWith("~")) { // weak cue
                weight = 0.4;
                w = w.substring(1);
            }
            List<String> toks = words(w);
            if (toks.size() > 1) { // phrases are matched as bigrams only ("road trip", "ride-sharing")
                String key = stem(toks.get(0)) + " " + stem(toks.get(1));
                DOMAIN_OF_TERM_BIGRAM.computeIfAbsent(key, k -> new LinkedHashMap<>()).merge(id, weight, Math::max);
                continue;
            }
            for (String tok : toks) {
                String st = stem(tok);
                DOMAIN_OF_TERM.computeIfAbsent(st, k -> new LinkedHashMap<>()).merge(id, weight, Math::max);
            }
        }
    }

    static {
        domain("food", "food", "food, foods, eat, eating, ate, meal, meals, dish, dishes, cuisine, "
                + "dinner, lunch, breakfast, brunch, snack, recipe, cook, cooking, bake, "
                + "diet, dietary, vegan, vegetarian, pescatarian, gluten, celiac, dairy, lactose, meat, pork, beef, chicken, "
                + "fish, seafood, shellfish, shrimp, nut, nuts, peanut, soy, egg, eggs, honey, gelatin, sugar, spicy, "
                + "flavor, flavors, taste, sweet, savory, drink, drinks, beverage, coffee, tea, wine, beer, alcohol, "
                + "cocktail, menu, chef, halal, kosher, keto, ketogenic, carb, carbs, carbohydrate, protein, fruit, "
                + "fruits, vegetable, vegetables, grocery, dessert, pizza, pasta, sushi, tapas, buffet, caffeine, "
                + "sodium, salt, organic, foraged, cheese, milk, bread, street food, "
                + "omega, nutritious, nutrition, calories, potassium, fodmap, raw, cooked, uncooked, "
                + "allergy, allergic, intolerance, intolerant, plant-based, animal-derived, culinary, foodie, local dishes");
        subdomain("dining", "food", "restaurant, restaurants, cafe, cafes, bakery, bakeries, dining, dine, eatery, "
                + "eateries, bistro, bistros, takeout, diner, diners, ~bar, ~bars, ~pub, ~pubs, steakhouse, pizzeria, "
                + "brasserie, trattoria, tavern, food truck, food trucks, chain restaurants, fine dining, ~chef, ~menu, "
                + "~reservation, ~waiter");
        domain("travel", "travel", "travel, traveling, travelling, trip, trips, vacation, holiday, holidays, tour, tours, "
                + "tourist, tourists, sightseeing, visit, visiting, destination, destinations, itinerary, excursion, "
                + "adventure, adventures, beach, cruise, abroad, attractions, attraction, landmarks, backpacking, "
                + "hiking, hike, camping, outdoor, outdoors, explore, exploring, theme park, amusement, zoo, safari, "
                + "museum, museums, galleries, snorkeling, scuba, diving, skiing, heights, elevation, excursions, "
                + "activities, activity, day trip, guided, wildlife, haunted, ghost, trek, trekking, getaway, honeymoon");
        domain("lodging", "travel", "hotel, hotels, hostel, hostels, motel, airbnb, accommodation, accommodations, lodging, "
                + "room, rooms, suite, inn, resort, resorts, check-in, checkout, bed and breakfast, b&b, villa, "
                + "rental apartment, vacation rental, housekeeping, amenities, concierge, ~stay, ~staying, spa hotel, glamping");
        domain("transport", "travel", "car, cars, rental car, rent a car, drive, driving, driver, flight, flights, fly, flying, "
                + "airline, airlines, airport, plane, train, trains, rail, railway, bus, buses, taxi, taxis, uber, lyft, "
                + "ride, rides, ride-sharing, rideshare, subway, subways, metro, transit, commute, commuting, bike, bicycle, "
                + "cycling, scooter, ferry, seat, seats, layover, layovers, road trip, parking, transportation, transport, "
                + "vehicle, vehicles, suv, sedan, truck, motorcycle, electric vehicle, ev, hybrid, engine, mileage, "
                + "dealership, tires, gasoline, gas-powered, transmission, manual, automatic, getting around, tunnel, tunnels, "
                + "boat, cruise ship, aisle, window seat, economy, business class, first class, luggage, baggage, motors, "
                + "minivan, convertible, pickup, fuel, horsepower, towing, off-road");
        domain("movies", "entertainment", "movie, movies, film, films, cinema, tv, television, series, show, shows, "
                + "netflix, hulu, episode, episodes, documentary, documentaries, anime, cartoon, cartoons, horror, comedy, "
                + "comedies, thriller, thrillers, drama, dramas, actor, actors, actress, director, directors, streaming, "
                + "sitcom, sitcoms, reality tv, romcom, rom-com, sci-fi, binge, binge-watch, watch, watching, "
                + "blockbuster, blockbusters, superhero, romance, romantic, animated, miniseries, plot, spoilers, "
                + "subtitles, dubbed, genre, genres, ~violence, ~violent, gore");
        domain("music", "entertainment", "music, song, songs, album, albums, artist, artists, band, bands, playlist, "
                + "playlists, rock, pop, jazz, hip-hop, rap, classical, vinyl, spotify, singer, singers, listen, "
                + "listening, lyrics, genre, country music, punk, metal, indie, edm, electronic dance, acoustic, "
                + "radio, podcast, podcasts, tracks, mp3, ~record, ~records, dj, opera, orchestra, ~concert, ~concerts");
        domain("books", "entertainment", "~book, ~books, novel, novels, read, reading, reader, author, authors, fiction, "
                + "non-fiction, nonfiction, audiobook, audiobooks, comic, comics, graphic novel, poetry, literature, "
                + "library, kindle, ebook, ebooks, memoir, biography, bestseller, publisher, published, self-published, "
                + "magazine, manga, chapter, writer, writers, pseudonym, narrated, narrator");
        domain("games", "entertainment", "game, games, gaming, gamer, video game, video games, console, xbox, "
                + "playstation, nintendo, rpg, rpgs, mmo, board game, board games, tabletop, puzzle, puzzles, "
                + "esports, multiplayer, single-player, steam, mobile game, mobile games, play, playing, player, "
                + "microtransactions, pay-to-win, indie game, strategy game, shooter, shooters, vr, virtual reality, "
                + "pixel art, open world, dungeon, quest, co-op, levels, gameplay, card game");
        domain("sports", "entertainment", "sport, sports, football, soccer, basketball, baseball, hockey, tennis, golf, "
                + "race, racing, match, matches, team, teams, league, leagues, athlete, athletes, athletic, ski, "
                + "skiing, snowboarding, surf, surfing, climbing, swim, swimming, marathon, stadium, motorsports, "
                + "boxing, wrestling, cricket, rugby, olympics, tournament, tournaments, betting, gambling, parkour, "
                + "water sports, kayaking, sailing, running, cyclist, referee, championship, fan, fans, ~gear, ~equipment");
        domain("events", "entertainment", "concert, concerts, festival, festivals, ticket, tickets, theater, theatre, "
                + "event, events, gig, gigs, performance, performances, exhibition, exhibitions, comedy club, opera, "
                + "musical, musicals, show tickets, venue, venues, nightlife, party, parties, club, clubs, ballet, "
                + "stand-up, live music, conference, conferences, wedding");
        domain("fitness", "health", "workout, workouts, exercise, exercises, gym, gyms, training, cardio, yoga, pilates, "
                + "strength, weights, weightlifting, fitness, running, jogging, hiit, stretching, trainer, crossfit, "
                + "muscle, muscles, reps, treadmill, physical activity, high-impact, low-impact, jumping, "
                + "endurance, spin class, aerobics, calisthenics, zumba, fitness class, group exercise, stamina, "
                + "weight loss, lose weight, burn calories, core, abs, squats, bodyweight, sprint, sprints, ~active, ~tone");
        domain("health", "health", "health, healthy, medical, doctor, doctors, medication, medications, medicine, "
                + "medicines, remedy, remedies, symptom, symptoms, pain, headache, headaches, migraine, migraines, "
                + "sleep, insomnia, stress, anxiety, therapy, therapist, mental health, supplement, supplements, "
                + "vitamin, vitamins, illness, injury, injuries, joint, joints, prescription, over-the-counter, "
                + "immune, cold, flu, blood pressure, diabetes, diabetic, ibs, meditation, wellness, chronic, "
                + "acupuncture, herbal, natural remedies, radiation, electromagnetic, ~allergy, ~allergies, relaxation, "
                + "back pain, posture, hydration, energy levels, digestion, mindfulness, self-care");
        domain("beauty", "shopping", "skincare, skin, skin care, makeup, make-up, cosmetic, cosmetics, beauty, "
                + "fragrance, fragrances, perfume, perfumes, scent, scents, hair, haircare, shampoo, conditioner, lotion, "
                + "serum, serums, moisturizer, nail, nails, lipstick, lip balm, cruelty-free, spa, mascara, foundation, "
                + "sunscreen, cleanser, toner, anti-aging, wrinkles, acne, essential oils, deodorant, body wash, "
                + "hypoallergenic, fragrance-free, phthalates, parabens, sulfates, beeswax, lanolin, tested on animals, "
                + "animal testing, ayurvedic, eyeshadow, blush, hairstyle, grooming, manicure, facial, ~routine, ~glow");
        domain("fashion", "shopping", "clothing, clothes, wear, wearing, outfit, outfits, dress, dresses, shirt, shirts, "
                + "jacket, jackets, coat, coats, shoes, sneakers, boots, heels, jeans, denim, fashion, fashionable, "
                + "style, stylish, wardrobe, accessories, bag, bags, handbag, handbags, wool, leather, silk, cotton, "
                + "fabric, fabrics, patterns, floral, jewelry, jewellery, tank tops, sleeves, sleeveless, suede, fur, "
                + "garment, garments, apparel, vintage, second-hand, fast fashion, sweater, sweaters, skirt, pants, "
                + "trousers, hat, scarf, swimwear, lingerie, polyester, synthetic, monochromatic, minimalist fashion, "
                + "formal wear, casual wear, attire, outerwear, wedding dress, tuxedo, suit, suits, layers, base layers, ~colors");
        domain("home", "shopping", "home, house, furniture, decor, décor, interior, interior design, kitchen, bedroom, "
                + "living room, sofa, sofas, couch, couches, appliance, appliances, garden, gardening, patio, wall, "
                + "walls, wallpaper, rug, rugs, lighting, lamp, lamps, cleaning, renovation, renovating, remodel, "
                + "curtains, drapes, windows, floor, floors, flooring, wicker, rattan, stainless steel, finishes, "
                + "mattress, bed, bathroom, tiles, cabinets, countertops, shelves, sunroom, backyard, houseplants, "
                + "candles, decorate, decorating, plants, indoor plants, household, open-concept, floor plan, dining table, chairs, "
                + "cookware, bedding, laundry, vacuum, storage, ~design, ~space, ~cozy");
        domain("tech", "shopping", "technology, tech, phone, phones, smartphone, smartphones, laptop, laptops, computer, "
                + "computers, software, app, apps, device, devices, gadget, gadgets, tablet, tablets, headphones, "
                + "earbuds, speaker, speakers, smart home, android, iphone, apple, microsoft, google, windows, linux, "
                + "open-source, camera, cameras, smartwatch, wearable, tv set, monitor, keyboard, mouse, router, "
                + "wifi, wireless, bluetooth, cloud, storage, subscription software, oled, amoled, screen, display, "
                + "processor, battery, charger, console, dual-sim, sim, peripherals, ecosystem, printer, drone, "
                + "video editing, productivity suite, operating system, antivirus, vpn, backup, streaming device, "
                + "first-generation, gps, smart tv, ~tv, ~digital, ~online, ~electronic, ~electronics");
        domain("pets", "pets", "pet, pets, dog, dogs, puppy, puppies, cat, cats, kitten, kittens, bird, birds, "
                + "parrot, reptile, reptiles, snake, lizard, hamster, rabbit, rabbits, breeder, breeders, shelter, "
                + "shelters, adopt, adoption, vet, veterinarian, leash, litter, aquarium, fish tank, pet food, "
                + "cat food, dog food, grooming, crate, crate training, fences, fur, shedding, dander, "
                + "hypoallergenic pets, breed, breeds, companion, furry, pooch, feline, canine, goldfish, guinea pig, ferret, kennel, pet sitter, walking, chew, toys, ~animal, ~animals");
        domain("work", "work", "job, jobs, career, careers, work, working, office, remote, company, companies, "
                + "employer, employers, colleague, colleagues, coworkers, meeting, meetings, salary, workplace, "
                + "interview, resume, cv, coworking, boss, manager, team building, freelance, promotion, "
                + "profession, professional, hiring, job offer, job opportunity, commute, work-life balance, "
                + "childcare, startup, corporate, business, workspace, hybrid work, work from home, overtime");
        domain("location", "work", "live, living, city, cities, neighborhood, neighbourhood, neighborhoods, move, "
                + "moving, relocate, relocating, relocation, apartment, apartments, rent, renting, suburb, suburbs, "
                + "suburban, town, towns, climate, weather, urban, rural, countryside, crowded, densely, density, "
                + "population, crime, safety, cost of living, humid, humidity, temperate, region, area, areas, "
                + "quality of life, reside, residence, housing, property, community, quiet area, noise, nature, "
                + "mountains, coastal, downtown, heat, cold weather");
        domain("education", "education", "learn, learning, study, studying, course, courses, class, classes, school, "
                + "schools, university, universities, college, teacher, teachers, tutor, tutoring, lesson, lessons, "
                + "textbook, textbooks, education, educational, exam, exams, workshop, workshops, lecture, lectures, "
                + "online course, certification, certificate, skill, skills, flashcards, curriculum, student, students, "
                + "homework, degree, training program, bootcamp, mooc, e-learning, instructor, syllabus, memorization, "
                + "memorize, classroom, mentor, mentorship, language learning, grammar, vocabulary, tutorials, "
                + "self-paced, asynchronous, study group, peer, lesson plan, educational apps, knowledge, ~understand, ~principles");
        domain("finance", "finance", "money, budget, budgets, price, prices, cost, costs, cheap, expensive, afford, "
                + "affordable, bank, banking, invest, investing, investment, investments, saving, savings, credit, "
                + "loan, loans, pay, paying, spend, spending, dollars, euros, subscription, subscriptions, fee, fees, "
                + "one-time, payment, tax, taxes, insurance, stocks, crypto, retirement, mortgage, splurge, luxury, "
                + "discount, deal, deals, paywall, paywalls, paid, microtransactions, low-cost, budget airlines");
        domain("shopping", "shopping", "shop, shopping, buy, buying, purchase, purchasing, store, stores, brand, brands, "
                + "product, products, retailer, mall, online store, marketplace, amazon, ~item, ~items");
    }

    /** Domain weights of one text: a map domain -> weight, L2-normalized (empty if no cue). */
    public static Map<String, Double> domainProfile(String text) {
        return domainProfile(text, 1.0);
    }

    /**
     * Words that set the scene of a request rather than say what it asks for ("I'm visiting Rome next month.
     * What dishes should I try?"): in a request they count with {@link #requestProfile}'s lower weight.
     */
    private static final Set<String> SETTING = new java.util.HashSet<>(List.of(stem("visit"), stem("visiting"), stem("trip"), stem("travel"),
            stem("traveling"), stem("travelling"), stem("vacation"), stem("holiday"), stem("getaway"), stem("stay"),
            stem("staying"), stem("home"), stem("live"), stem("living"), stem("weekend")));

    /** Domain profile of a request: scene-setting words count {@code settingWeight} when another domain cue is present. */
    public static Map<String, Double> requestProfile(String text, double settingWeight) {
        return domainProfile(text, settingWeight);
    }

    private static Map<String, Double> domainProfile(String text, double settingWeight) {
        if (settingWeight != 1.0) {
            boolean other = false;
            for (String w : words(text)) {
                String st = stem(w);
                if (!SETTING.contains(st) && DOMAIN_OF_TERM.containsKey(st) && !(STOP.contains(w))) other = true;
            }
            if (!other) settingWeight = 1.0;
        }
        Map<String, Double> acc = new LinkedHashMap<>();
        List<String> ws = words(text);
        List<String> st = new ArrayList<>(ws.size());
        for (String w : ws) st.add(stem(w));
        for (int i = 0; i < st.size(); i++) {
            // bigrams first ("smart home", "road trip"), then unigrams
            if (i + 1 < st.size()) {
                Map<String, Double> bi = DOMAIN_OF_TERM_BIGRAM.get(st.get(i) + " " + st.get(i + 1));
                if (bi != null) bi.forEach((d, w) -> acc.merge(d, w * 1.5, Double::sum));
            }
            if (STOP.contains(ws.get(i)) && !DOMAIN_OF_TERM.containsKey(st.get(i))) continue;
            Map<String, Double> m = DOMAIN_OF_TERM.get(st.get(i));
            double f = SETTING.contains(st.get(i)) ? settingWeight : 1.0;
            if (m != null) m.forEach((d, w) -> acc.merge(d, w * f, Double::sum));
        }
        double n = 0;
        for (double v : acc.values()) n += v * v;
        n = Math.sqrt(n);
        if (n > 0) for (Map.Entry<String, Double> e : acc.entrySet()) e.setValue(e.getValue() / n);
        return acc;
    }


    static {
        // Rebuild multi-word entries as bigram keys (single words were already indexed token by token).
        // Done by re-reading the phrase tables is not possible after the fact, so phrases are re-declared here.
        String[][] phrases = {
                {"smart home", "tech"}, {"road trip", "transport"}, {"rental car", "transport"}, {"theme park", "travel"},
                {"interior design", "home"}, {"living room", "home"}, {"video game", "games"}, {"board game", "games"},
                {"mobile game", "games"}, {"graphic novel", "books"}, {"country music", "music"}, {"live music", "music"},
                {"reality tv", "movies"}, {"street food", "food"}, {"fast fashion", "fashion"}, {"skin care", "beauty"},
                {"lip balm", "beauty"}, {"essential oil", "beauty"}, {"pet food", "pets"}, {"cat food", "pets"},
                {"dog food", "pets"}, {"fish tank", "pets"}, {"job offer", "work"}, {"job opportunity", "work"},
                {"cost of", "location"}, {"quality of", "location"}, {"online course", "education"},
                {"physical activity", "fitness"}, {"group exercise", "fitness"}, {"weight loss", "fitness"},
                {"mental health", "health"}, {"blood pressure", "health"}, {"public transportation", "transport"},
                {"window seat", "transport"}, {"electric vehicle", "transport"}, {"budget airline", "transport"},
                {"vacation rental", "lodging"}, {"bed and", "lodging"}, {"comedy club", "events"},
                {"stand up", "events"}, {"tested on", "beauty"}, {"animal testing", "beauty"}, {"water sport", "sports"},
                {"operating system", "tech"}, {"video editing", "tech"}, {"productivity suite", "tech"},
                {"work from", "work"}, {"cold weather", "location"}, {"natural remedy", "health"}};
        for (String[] p : phrases) {
            List<String> ws = words(p[0]);
            String key = stem(ws.get(0)) + " " + stem(ws.get(1));
            DOMAIN_OF_TERM_BIGRAM.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(p[1], 1.0);
        }
    }

    /** The strongest domain of a text, or null. */
    public static String topDomain(Map<String, Double> profile) {
        String best = null;
        double bv = 0;
        Map<String, Double> folded = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : profile.entrySet()) {
            folded.merge(PARENT.getOrDefault(e.getKey(), e.getKey()), e.getValue(), Double::sum);
        }
        for (Map.Entry<String, Double> e : folded.entrySet()) {
            if (e.getValue() > bv) {
                bv = e.getValue();
                best = e.getKey();
            }
        }
        return best;
    }

    /** A request in a sub-domain is also one in its parent ("a restaurant for dinner" is a food request). */
    public static Map<String, Double> implyParents(Map<String, Double> profile) {
        boolean any = false;
        for (String d : profile.keySet()) any |= PARENT.containsKey(d);
        if (!any) return profile;
        Map<String, Double> m = new LinkedHashMap<>(profile);
        for (Map.Entry<String, Double> e : profile.entrySet()) {
            String p = PARENT.get(e.getKey());
            if (p != null) m.merge(p, e.getValue(), Math::max);
        }
        double n = 0;
        for (double v : m.values()) n += v * v;
        n = Math.sqrt(n);
        for (Map.Entry<String, Double> e : m.entrySet()) e.setValue(e.getValue() / n);
        return m;
    }

    /** Similarity of two domain profiles: cosine, plus partial credit for sharing a group. In [0, 1]. */
    public static double domainSimilarity(Map<String, Double> a, Map<String, Double> b) {
        if (a.isEmpty() || b.isEmpty()) return 0;
        double dot = 0;
        for (Map.Entry<String, Double> e : a.entrySet()) {
            Double w = b.get(e.getKey());
            if (w != null) dot += e.getValue() * w;
        }
        // group overlap: sum over shared groups of sqrt(massA(group) * massB(group)); profiles are tiny
        double g = 0;
        String[] seen = new String[a.size()];
        int ns = 0;
        for (Map.Entry<String, Double> e : a.entrySet()) {
            String grp = GROUP.get(e.getKey());
            boolean dup = false;
            for (int i = 0; i < ns; i++) if (seen[i].equals(grp)) dup = true;
            if (dup) continue;
            seen[ns++] = grp;
            double ma = 0, mb = 0;
            for (Map.Entry<String, Double> x : a.entrySet()) if (GROUP.get(x.getKey()).equals(grp)) ma += x.getValue() * x.getValue();
            for (Map.Entry<String, Double> x : b.entrySet()) if (GROUP.get(x.getKey()).equals(grp)) mb += x.getValue() * x.getValue();
            if (mb > 0) g += Math.sqrt(ma * mb);
        }
        return Math.min(1.0, 0.75 * dot + 0.25 * g);
    }
}
