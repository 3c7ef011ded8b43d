#!/usr/bin/env python3
"""Writes conversations/scenarios/*.json (run from the project root). Targets are attributes of real
films in shared/data/redial/movies.jsonl (the film is named here in a comment field only for the
author; the runner never sends it)."""
import json, os
OUT = os.path.join(os.path.dirname(__file__), "..", "scenarios")
S = []
def sc(id, title, ph, form, persona, stated, history, target, opening, expect, film):
    expect.setdefault("maxTurns", 6)
    S.append(dict(id=id, title=title, phenomenon=ph, prefevalForm=form, persona=persona, stated=stated,
                  history=history, target=target, opening=opening, expect=expect, _film=film))
def t(genres, stars=(), directors=(), **kw):
    d = dict(genres=list(genres), stars=list(stars), directors=list(directors)); d.update(kw); return d
U = lambda x: {"role": "user", "text": x}
A = lambda x: {"role": "assistant", "text": x}
VAGUE = "Can you recommend a movie?"

# ---- none: no instructions (baseline; vague and specific openings)
sc("none-vague-action-willis", "Vague opening, wants a Bruce Willis action film", "none", None, "casual viewer", [], [],
   t(["action"], ["Bruce Willis"], ["John McTiernan"]), VAGUE, {"mustAskFirst": True, "successWithin": 5}, "Die Hard (1988)")
sc("none-vague-comedy-ferrell", "Vague opening, wants a Will Ferrell comedy", "none", None, "casual viewer", [], [],
   t(["comedy"], ["Will Ferrell"], ["Adam McKay"]), "What should I watch tonight?", {"mustAskFirst": True, "successWithin": 5}, "Step Brothers (2008)")
sc("none-specific-nolan-scifi", "Specific opening: a Nolan sci-fi", "none", None, "film buff", [], [],
   t(["sci-fi"], ["Leonardo DiCaprio"], ["Christopher Nolan"]), "I'm in the mood for a mind-bending sci-fi movie by Christopher Nolan.", {"successWithin": 3}, "Inception (2010)")
sc("none-specific-hanks-animation", "Specific opening: animated film with Tom Hanks", "none", None, "parent", [], [],
   t(["animation", "comedy"], ["Tom Hanks"], ["John Lasseter"]), "Something animated and funny, ideally with Tom Hanks voicing.", {"successWithin": 3}, "Toy Story (1995)")
sc("none-vague-romance-mcadams", "Vague opening, wants a Rachel McAdams romance", "none", None, "romantic", [], [],
   t(["romance"], ["Rachel McAdams"], ["Nick Cassavetes"]), "Any recommendations?", {"mustAskFirst": True, "successWithin": 5}, "The Notebook (2004)")
sc("none-specific-spielberg-adventure", "Specific: Spielberg adventure", "none", None, "nostalgic", [], [],
   t(["adventure", "sci-fi"], ["Jeff Goldblum"], ["Steven Spielberg"]), "Give me a big Spielberg adventure with dinosaurs or aliens.", {"successWithin": 3}, "Jurassic Park (1993)")
sc("none-vague-crime-tarantino", "Vague opening, wants a Tarantino crime film", "none", None, "cinephile", [], [],
   t(["crime"], ["Samuel L. Jackson"], ["Quentin Tarantino"]), "I need a film for tonight.", {"mustAskFirst": True, "successWithin": 5}, "Pulp Fiction (1994)")
sc("none-specific-era-80s-comedy", "Specific with era: 80s sci-fi comedy", "none", None, "nostalgic", [], [],
   t(["comedy", "sci-fi"], ["Michael J. Fox"], ["Robert Zemeckis"], yearFrom=1980, yearTo=1989), "An 80s comedy with some time travel or sci-fi, please.", {"successWithin": 4}, "Back to the Future (1985)")

# ---- plain: one stated avoid/prefer instruction
sc("plain-nohorror-thriller", "Avoids horror; wants a thriller", "plain", "explicit", "jumpy viewer", ["I don't watch horror movies."], [],
   t(["thriller"], ["Liam Neeson"], ["Pierre Morel"]), "Recommend me a tense thriller.", {"neverGenres": ["horror"], "mustApplyInstructionContaining": "horror", "successWithin": 5}, "Taken (2008)")
sc("plain-nohorror-vague", "Avoids horror; vague opening; wants an action film", "plain", "explicit", "jumpy viewer", ["Never recommend horror films to me."], [],
   t(["action", "sci-fi"], ["Keanu Reeves"], ["Lana Wachowski"]), VAGUE, {"neverGenres": ["horror"], "mustAskFirst": True, "successWithin": 5}, "The Matrix (1999)")
sc("plain-noanimation-comedy", "Dislikes animation; wants a comedy", "plain", "explicit", "adult comedy fan", ["I don't like animated movies."], [],
   t(["comedy"], ["Zach Galifianakis", "Bradley Cooper"], ["Todd Phillips"]), "I want a really funny comedy.", {"neverGenres": ["animation"], "mustApplyInstructionContaining": "animated", "successWithin": 5}, "The Hangover (2009)")
sc("plain-nomusical-romance", "Hates musicals; wants a romance", "plain", "explicit", "romantic", ["Please no musicals, ever."], [],
   t(["romance", "comedy"], ["Julia Roberts"], ["Garry Marshall"]), "Suggest a romantic comedy.", {"neverGenres": ["musical"], "mustApplyInstructionContaining": "musical", "successWithin": 5}, "Pretty Woman (1990)")
sc("plain-likes-scifi", "Loves sci-fi (positive instruction)", "plain", "explicit", "sci-fi fan", ["I love science fiction movies."], [],
   t(["sci-fi", "action"], ["Tom Hardy", "Charlize Theron"], ["George Miller"]), "Something for tonight?", {"successWithin": 5}, "Mad Max: Fury Road (2015)")
sc("plain-nowar-drama", "Avoids war films; wants a drama", "plain", "explicit", "pacifist", ["I avoid war movies."], [],
   t(["drama", "romance"], ["Kate Winslet"], ["James Cameron"]), "I'd like an emotional drama.", {"neverGenres": ["war"], "successWithin": 5}, "Titanic (1997)")
sc("plain-implicit-choice-nohorror", "Implicit by choice: picked a comedy over horror in history", "plain", "implicit-choice", "easily scared", [],
   [U("Last time you offered me The Conjuring or Elf. I picked Elf - I can't sleep after scary films."), A("Got it, Elf it was.")],
   t(["comedy"], ["Jonah Hill"], ["Greg Mottola"]), "What's another good one?", {"neverGenres": ["horror"], "successWithin": 5}, "Superbad (2007)")
sc("plain-implicit-persona-kids", "Implicit in persona chat: mother of a 5-year-old", "plain", "implicit-persona", "parent of a 5-year-old", [],
   [U("I'm a stay-at-home mom, my daughter is five and she watches everything with me."), A("That sounds lovely!"), U("Yes, we do everything together, movie night included.")],
   t(["animation", "adventure"], ["Kristen Bell", "Idina Menzel"], ["Chris Buck"]), "Any movie ideas for this weekend?", {"neverGenres": ["horror"], "successWithin": 5}, "Frozen (2013)")

# ---- several: multiple instructions at once
sc("several-nohorror-nomusical", "Avoids horror and musicals; wants comedy", "several", "explicit", "picky", ["I don't watch horror.", "No musicals please."], [],
   t(["comedy"], ["Will Ferrell"], ["Adam McKay"]), "Make me laugh tonight.", {"neverGenres": ["horror", "musical"], "successWithin": 5}, "Anchorman: The Legend of Ron Burgundy (2004)")
sc("several-noanimation-nowar-action", "No animation, no war; wants action", "several", "explicit", "action fan", ["I don't like animated movies.", "I avoid war movies.", "I like action movies with a lot of car chases."], [],
   t(["action", "crime"], ["Vin Diesel", "Paul Walker"], ["Rob Cohen"]), "Something with fast cars?", {"neverGenres": ["animation", "war"], "successWithin": 5}, "The Fast and the Furious (2001)")
sc("several-vague", "Three preferences and a vague opening", "several", "explicit", "picky", ["I hate horror.", "I dislike westerns.", "I enjoy mysteries."], [],
   t(["mystery", "thriller"], ["Ben Affleck", "Rosamund Pike"], ["David Fincher"]), VAGUE, {"neverGenres": ["horror", "western"], "mustAskFirst": True, "successWithin": 5}, "Gone Girl (2014)")
sc("several-romance-nodrama-noanimation", "Likes romance, no animation, no horror", "several", "explicit", "date night planner", ["I like romantic comedies.", "No animated films.", "Never horror."], [],
   t(["romance", "comedy"], ["Sandra Bullock", "Ryan Reynolds"], ["Anne Fletcher"]), "A light movie for date night.", {"neverGenres": ["animation", "horror"], "successWithin": 5}, "The Proposal (2009)")
sc("several-implicit-choice", "Implicit by choices: picked non-horror, non-animated twice", "several", "implicit-choice", "adult viewer", [],
   [U("You suggested Shrek or Die Hard; I took Die Hard, cartoons bore me."), A("Die Hard it is."), U("And between Scream and Taken I took Taken, slasher films make me sick."), A("Noted.")],
   t(["action", "thriller"], ["Liam Neeson"], ["Pierre Morel"]), "Another one like that?", {"neverGenres": ["animation", "horror"], "successWithin": 5}, "Taken (2008)")
sc("several-implicit-persona", "Implicit in persona chat: night-shift nurse with a toddler", "several", "implicit-persona", "nurse", [],
   [U("I work night shifts in the ER, so at home I want nothing with blood or gore."), A("Understood, that sounds intense."), U("And my toddler is usually on my lap, so nothing too loud either.")],
   t(["comedy", "family"], ["Macaulay Culkin"], ["Chris Columbus"]), "What could we watch on my day off?", {"neverGenres": ["horror"], "successWithin": 5}, "Home Alone (1990)")
sc("several-drama-sport", "Likes sport dramas; no horror, no sci-fi", "several", "explicit", "sports fan", ["I love sports movies.", "No horror.", "I don't care for science fiction."], [],
   t(["drama", "sport"], ["Sylvester Stallone"], ["John G. Avildsen"]), "An inspiring movie please.", {"neverGenres": ["horror", "sci-fi"], "successWithin": 5}, "Rocky (1976)")

# ---- conditional: instruction applies only under a condition
sc("cond-kids-met", "With the kids: no horror (condition met)", "conditional", "explicit", "parent", ["When I watch with my kids, no horror or violent movies."], [],
   t(["animation", "comedy"], ["Albert Brooks", "Ellen DeGeneres"], ["Andrew Stanton"]), "I'm watching with my kids tonight, any ideas?", {"neverGenres": ["horror"], "mustApplyInstructionContaining": "kids", "successWithin": 5}, "Finding Nemo (2003)")
sc("cond-kids-not-met", "With the kids rule, but alone tonight: horror is fine", "conditional", "explicit", "parent", ["When I watch with my kids, no horror movies."], [],
   t(["horror", "mystery"], ["Daniel Kaluuya"], ["Jordan Peele"]), "Kids are at grandma's, I'm alone tonight and want a clever horror movie.", {"mustNotApplyInstructionContaining": "kids", "successWithin": 5}, "Get Out (2017)")
sc("cond-date-met", "On a date: romance (condition met)", "conditional", "explicit", "dating", ["When I'm on a date, I want a romantic movie."], [],
   t(["romance", "drama"], ["Rachel McAdams", "Gena Rowlands"], ["Nick Cassavetes"]), "I have a date coming over, what should we watch?", {"mustApplyInstructionContaining": "date", "successWithin": 5}, "The Notebook (2004)")
sc("cond-date-not-met", "Date rule, but with friends: comedy", "conditional", "explicit", "dating", ["When I'm on a date, I want a romantic movie."], [],
   t(["comedy"], ["Michael Cera", "Jonah Hill"], ["Greg Mottola"]), "My buddies are over for a guys' night, we want a raunchy comedy.", {"mustNotApplyInstructionContaining": "date", "successWithin": 5}, "Superbad (2007)")
sc("cond-christmas-met", "At Christmas: family films (condition met)", "conditional", "explicit", "festive", ["At Christmas I only want family-friendly movies."], [],
   t(["comedy", "family"], ["Will Ferrell"], ["Jon Favreau"]), "It's Christmas Eve, what should the family watch?", {"neverGenres": ["horror"], "mustApplyInstructionContaining": "Christmas", "successWithin": 5}, "Elf (2003)")
sc("cond-tired-met", "When tired: light comedy, no long dramas", "conditional", "explicit", "busy worker", ["When I'm tired after work, I want light comedies, not heavy dramas."], [],
   t(["comedy"], ["Lindsay Lohan", "Rachel McAdams"], ["Mark Waters"]), "I'm exhausted after work, something easy to watch?", {"mustApplyInstructionContaining": "tired", "successWithin": 5}, "Mean Girls (2004)")
sc("cond-implicit-persona", "Conditional learned from a persona chat: scary only with friends", "conditional", "implicit-persona", "social", [],
   [U("With my friends I love scary movies, we scream together; alone I can't handle them."), A("Makes sense!")],
   t(["comedy", "romance"], ["Kristen Wiig"], ["Paul Feig"]), "I'm by myself tonight, what should I watch?", {"neverGenres": ["horror"], "successWithin": 5}, "Bridesmaids (2011)")

# ---- chain: one instruction refers to / builds on another
sc("chain-date-romance-nomusical", "Date -> romance; romance -> no musicals", "chain", "explicit", "dating", ["When I'm on a date, suggest a romantic movie.", "When you suggest a romantic movie, never a musical."], [],
   t(["romance", "drama"], ["Leonardo DiCaprio", "Kate Winslet"], ["James Cameron"]), "Date night! What should we put on?", {"neverGenres": ["musical"], "mustApplyInstructionContaining": "date", "successWithin": 5}, "Titanic (1997)")
sc("chain-kids-animation-pixar", "Kids -> animated; animated -> a Lee Unkrich style", "chain", "explicit", "parent", ["When my kids watch, pick an animated movie.", "For animated movies I prefer ones with music and family themes."], [],
   t(["animation", "adventure"], ["Gael García Bernal", "Anthony Gonzalez"], ["Lee Unkrich"]), "The kids want a movie, what do you suggest?", {"neverGenres": ["horror"], "mustApplyInstructionContaining": "kids", "successWithin": 5}, "Coco (2017)")
sc("chain-scary-friends-zombies", "Friends -> horror; horror -> funny ones", "chain", "explicit", "social", ["When friends come over, we want horror.", "If it's horror, it must be a horror comedy, not too serious."], [],
   t(["horror", "comedy"], ["Woody Harrelson", "Emma Stone"], ["Ruben Fleischer"]), "Friends are coming over tonight, pick something.", {"mustApplyInstructionContaining": "friends", "successWithin": 5}, "Zombieland (2009)")
sc("chain-weekend-long-nolan", "Weekend -> long film; long film -> sci-fi", "chain", "explicit", "film buff", ["On weekends I have time for long movies.", "When it's a long movie, make it science fiction."], [],
   t(["sci-fi", "drama"], ["Matthew McConaughey", "Anne Hathaway"], ["Christopher Nolan"]), "It's Saturday and I have all evening. Suggestion?", {"mustApplyInstructionContaining": "weekend", "successWithin": 5}, "Interstellar (2014)")
sc("chain-implicit-choice", "Implicit chain by choices: with partner -> romance, romance -> comedy", "chain", "implicit-choice", "couple", [],
   [U("When my girlfriend is here we always pick a romance."), A("Nice."), U("And of the romances we always end up choosing the funny ones over the sad ones.")],
   t(["romance", "comedy"], ["Julia Roberts", "Richard Gere"], ["Garry Marshall"]), "My girlfriend is here, what should we watch?", {"successWithin": 5}, "Pretty Woman (1990)")
sc("chain-noviolence-kids-family", "Kids -> no violence; no violence -> family comedies", "chain", "explicit", "parent", ["With the kids around, nothing violent.", "When nothing violent, I like family comedies."], [],
   t(["family", "comedy"], ["Will Ferrell", "James Caan"], ["Jon Favreau"]), "The kids are around this afternoon. Ideas?", {"neverGenres": ["horror", "war"], "successWithin": 5}, "Elf (2003)")

# ---- override: the user overrides a standing instruction in the chat
sc("override-horror-tonight", "Avoids horror, but tonight asks for one", "override", "explicit", "curious", ["I avoid horror movies."], [],
   t(["horror"], ["Jack Nicholson"], ["Stanley Kubrick"]), "I know I usually avoid horror, but tonight I want a classic horror film.", {"successWithin": 5}, "The Shining (1980)")
sc("override-animation-nephew", "No animation, but the nephew visits", "override", "explicit", "uncle", ["I don't like animated movies."], [],
   t(["animation", "comedy"], ["Mike Myers", "Eddie Murphy"], ["Andrew Adamson"]), "My nephew is visiting, so this time an animated film is fine.", {"successWithin": 5}, "Shrek (2001)")
sc("override-musical-once", "No musicals, but grandma wants one", "override", "explicit", "grandchild", ["No musicals, please."], [],
   t(["musical", "romance"], ["John Travolta", "Olivia Newton-John"], ["Randal Kleiser"]), "Grandma is visiting and she loves musicals - let's make an exception.", {"successWithin": 5}, "Grease (1978)")
sc("override-updated-instruction", "Instruction superseded in chat: now likes slashers", "override", "explicit", "changed taste", ["I never watch slasher movies."], [],
   t(["horror", "mystery"], ["Neve Campbell", "Courteney Cox"], ["Wes Craven"]), "I've changed my mind about slashers, I'd like a 90s one now.", {"successWithin": 5}, "Scream (1996)")
sc("override-implicit-persona", "Persona avoids horror; explicitly overrides for a party", "override", "implicit-persona", "homebody", [],
   [U("I'm a kindergarten teacher and I scare easily, I usually avoid horror."), A("Understood.")],
   t(["horror", "sci-fi"], ["Sigourney Weaver"], ["Ridley Scott"]), "It's a Halloween party though, so give me a classic sci-fi horror.", {"successWithin": 5}, "Alien (1979)")
sc("override-vague-after", "Override then vague follow-up", "override", "explicit", "curious", ["I don't like sci-fi."], [],
   t(["action", "sci-fi"], ["Sam Neill", "Laura Dern"], ["Steven Spielberg"]), "Forget my sci-fi rule for today; I'd like a dinosaur adventure.", {"successWithin": 5}, "Jurassic Park (1993)")

os.makedirs(OUT, exist_ok=True)
for f in os.listdir(OUT):
    if f.endswith(".json"): os.remove(os.path.join(OUT, f))
for s in S:
    s = dict(s); s.pop("_film")
    with open(os.path.join(OUT, s["id"] + ".json"), "w") as fh:
        json.dump(s, fh, indent=2, ensure_ascii=False); fh.write("\n")
# table for the README
for s in S:
    print(f"| `{s['id']}` | {s['phenomenon']} | {s['prefevalForm'] or '-'} | {s['title']} |")
print(len(S), "scenarios")
