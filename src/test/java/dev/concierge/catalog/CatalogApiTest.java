package dev.concierge.catalog;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
class CatalogApiTest {

    private ValidatableResponse search(String query) {
        return given().when().get("/api/v1/catalog/items?" + query).then().statusCode(200);
    }

    @Test
    void starWarsPutsAStarWarsFilmFirst() {
        search("q=star wars&limit=5").body("items[0].name", startsWith("Star Wars"));
    }

    @Test
    void personAndGenreWordsFindTheShining() {
        List<String> names = search("q=nicholson horror&limit=10").extract().path("items.name");
        assertTrue(names.contains("The Shining (1980)"), "got " + names);
    }

    @Test
    void aTypoInTheTitleStillFindsTheFilm() {
        search("q=jurasic park&limit=3").body("items[0].title", equalTo("Jurassic Park"));
    }

    @Test
    void personAndGenreFiltersAreCaseInsensitive() {
        search("person=JACK NICHOLSON&genre=Horror&limit=20")
                .body("items.name", hasItem("The Shining (1980)"))
                .body("items.attributes.genres", everyItem(hasItem("horror")));
    }

    @Test
    void yearRangeAndPaginationApply() {
        search("genre=comedy&yearFrom=1990&yearTo=1995&limit=7&offset=7")
                .body("items.year", everyItem(greaterThanOrEqualTo(1990)))
                .body("items.year", everyItem(lessThanOrEqualTo(1995)))
                .body("limit", equalTo(7)).body("offset", equalTo(7)).body("items.size()", equalTo(7));
    }

    @Test
    void duplicateRowsOfOneFilmAppearOnce() {
        List<String> names = search("q=back to the future&limit=10").extract().path("items.name");
        assertTrue(names.stream().filter(n -> n.startsWith("Back to the Future") && !n.contains("Part")).count() == 1,
                "got " + names);
    }

    @Test
    void itemById() {
        given().when().get("/api/v1/catalog/items/100026").then().statusCode(200)
                .body("name", equalTo("Pari (1995)")).body("attributes.directors", hasItem("Dariush Mehrjui"));
    }

    @Test
    void unknownIdIs404AsProblemJson() {
        given().when().get("/api/v1/catalog/items/no-such-item").then().statusCode(404)
                .contentType("application/problem+json").body("status", equalTo(404))
                .body("detail", containsString("no-such-item"));
    }

    @Test
    void badParametersAre400NamingTheField() {
        given().when().get("/api/v1/catalog/items?limit=abc").then().statusCode(400)
                .contentType("application/problem+json").body("field", equalTo("limit"));
        given().when().get("/api/v1/catalog/items?limit=100000").then().statusCode(400).body("field", equalTo("limit"));
        given().when().get("/api/v1/catalog/items?yearFrom=2000&yearTo=1990").then().statusCode(400)
                .body("field", equalTo("yearFrom"));
    }
}
