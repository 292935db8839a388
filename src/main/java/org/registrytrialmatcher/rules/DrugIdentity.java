package org.registrytrialmatcher.rules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import org.registrytrialmatcher.facts.Medication;

/**
 * Decides which drug of the trial definition a medication record is, the one place every rule
 * asks (screening-rules.md, Clarifications, "Drug identity"): a record is the drug whose ATC
 * code it carries; only a record whose code is empty or known to no drug of the definition
 * (renumbered, or an investigational product) is identified by name. A name matches where it
 * stands in the record's drug name as whole words, case folded, never inside a longer word
 * ({@code methylprednisolone} is not prednisolone); where several names match, the longest
 * decides. Names and records are compared as word sequences, so {@code solu-medrol} and
 * {@code Solu Medrol} are the same words.
 */
public final class DrugIdentity {
    private static final Pattern NOT_A_WORD_CHARACTER = Pattern.compile("[^\\p{L}\\p{N}]+");

    private final List<Drug> drugs;
    private final List<NamedDrug> names;

    private record NamedDrug(Drug drug, String name, String[] words) {
    }

    public DrugIdentity(List<Drug> drugs) {
        this.drugs = List.copyOf(drugs);
        List<NamedDrug> all = new ArrayList<>();
        for (Drug d : drugs) {
            for (String n : d.names()) all.add(new NamedDrug(d, n, words(n)));
        }
        this.names = List.copyOf(all);
    }

    /** The drug the record is, if it is one of the definition's. */
    public Optional<Drug> of(Medication m) {
        Optional<Drug> byCode = byAtc(m.atc());
        if (byCode.isPresent()) return byCode;
        return byName(m.drugName());
    }

    /** The drug whose ATC patterns match the code; where several do, the one with the most specific pattern. */
    Optional<Drug> byAtc(String atc) {
        if (atc == null || atc.isBlank()) return Optional.empty();
        Drug best = null;
        int bestLength = -1;
        for (Drug d : drugs) {
            int length = d.atc().longestMatch(atc);
            if (length > bestLength) {
                best = d;
                bestLength = length;
            }
        }
        return Optional.ofNullable(best);
    }

    /** The drug whose name stands in the text as whole words; the longest such name wins, the definition's order breaks a tie. */
    Optional<Drug> byName(String drugName) {
        if (drugName == null || drugName.isBlank()) return Optional.empty();
        String[] text = words(drugName);
        NamedDrug best = null;
        for (NamedDrug n : names) {
            if (containsWords(text, n.words()) && (best == null || n.name().length() > best.name().length())) best = n;
        }
        return best == null ? Optional.empty() : Optional.of(best.drug());
    }

    /** The definition's drugs, in its order. */
    public List<Drug> drugs() {
        return drugs;
    }

    static String[] words(String text) {
        return Arrays.stream(NOT_A_WORD_CHARACTER.split(text.toLowerCase(Locale.ROOT))).filter(w -> !w.isEmpty()).toArray(String[]::new);
    }

    private static boolean containsWords(String[] text, String[] name) {
        if (name.length == 0) return false;
        for (int start = 0; start + name.length <= text.length; start++) {
            boolean all = true;
            for (int i = 0; i < name.length && all; i++) all = text[start + i].equals(name[i]);
            if (all) return true;
        }
        return false;
    }
}
