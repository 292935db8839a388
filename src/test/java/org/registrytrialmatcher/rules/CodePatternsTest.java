package org.registrytrialmatcher.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.registrytrialmatcher.source.DefinitionException;

class CodePatternsTest {
    private static CodePatterns of(String... patterns) {
        return CodePatterns.of(List.of(patterns), new Params(Path.of("trial.yaml"), "cohort", Map.of()), "activeDiagnosis");
    }

    @Test
    void aCodeMatchesItselfAndEveryCodeBelowIt() {
        CodePatterns lupus = of("M32");
        assertThat(lupus.matches("M32")).isTrue();
        assertThat(lupus.matches("M32.14")).isTrue();
        assertThat(lupus.matches("m32.1")).isTrue();
        assertThat(lupus.matches("M33.1")).isFalse();
        assertThat(lupus.matches("M3")).isFalse();
        assertThat(lupus.matches(null)).isFalse();
    }

    @Test
    void aStarredPatternMatchesTheCodesThatBeginWithIt() {
        CodePatterns steroids = of("H02AB*", "L04AX03");
        assertThat(steroids.matches("H02AB06")).isTrue();
        assertThat(steroids.matches("L04AX03")).isTrue();
        assertThat(steroids.matches("H02AA01")).isFalse();
    }

    @Test
    void aRangeMatchesTheCategoriesFromItsFirstToItsLastAndTheCodesBelowThem() {
        CodePatterns cancer = of("C00-C97");
        assertThat(cancer.matches("C00")).isTrue();
        assertThat(cancer.matches("C50.9")).isTrue();
        assertThat(cancer.matches("C97")).isTrue();
        assertThat(cancer.matches("C98")).isFalse();
        assertThat(cancer.matches("D00.1")).isFalse();
        assertThat(cancer.matches("B99")).isFalse();
    }

    @Test
    void anyPatternOfAListMatchesAndTwoListsJoined() {
        CodePatterns either = of("N04", "C00-C97").plus(of("M32*"));
        assertThat(either.matches("N04.1")).isTrue();
        assertThat(either.matches("C34")).isTrue();
        assertThat(either.matches("M32.1")).isTrue();
        assertThat(either.matches("N05")).isFalse();
        assertThat(CodePatterns.none().matches("M32")).isFalse();
    }

    @Test
    void textThatIsNotACodePatternIsRefusedNamingIt() {
        assertThatThrownBy(() -> of("M32", "lupus nephritis")).isInstanceOf(DefinitionException.class).hasMessageContaining("'lupus nephritis' is not a code pattern");
    }
}
