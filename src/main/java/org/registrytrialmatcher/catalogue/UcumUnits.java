package org.registrytrialmatcher.catalogue;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;

import org.fhir.ucum.Decimal;
import org.fhir.ucum.Pair;
import org.fhir.ucum.UcumEssenceService;
import org.fhir.ucum.UcumException;
import org.fhir.ucum.UcumService;
import org.registrytrialmatcher.source.DefinitionException;

/**
 * Unit conversion through UCUM (org.fhir:ucum). A conversion between commensurable units is
 * UCUM's own; a mass/molar conversion divides or multiplies by the analyte's molar mass as a
 * UCUM quantity, so no factor is written by hand. Factors are computed once per
 * (from, to, molar mass) and cached: the per-row cost is one multiplication.
 */
public final class UcumUnits {
    private static final Decimal ONE = decimal("1.0000000000000000");

    private final UcumService service;
    private final Map<ConversionKey, OptionalDouble> factors = new ConcurrentHashMap<>();

    private record ConversionKey(String from, String to, String molarMass) {
    }

    public UcumUnits() {
        try (InputStream essence = UcumEssenceService.class.getResourceAsStream("/ucum-essence.xml")) {
            if (essence == null) throw new IllegalStateException("ucum-essence.xml is missing from the classpath");
            this.service = new UcumEssenceService(essence);
        } catch (IOException | UcumException e) {
            throw new IllegalStateException("cannot load the UCUM definitions", e);
        }
    }

    public synchronized boolean isValid(String unit) {
        return service.validate(unit) == null;
    }

    /** Parses a quantity such as {@code 113.12 g/mol}. */
    public Pair parseQuantity(String quantity, String where) {
        String[] parts = quantity.strip().split("\\s+", 2);
        if (parts.length != 2 || !isValid(parts[1])) {
            throw new DefinitionException(where + ": '" + quantity + "' is not a number followed by a UCUM unit");
        }
        try {
            return new Pair(new Decimal(parts[0]), parts[1]);
        } catch (UcumException e) {
            throw new DefinitionException(where + ": '" + quantity + "' is not a number followed by a UCUM unit");
        }
    }

    /**
     * The factor that turns a value in {@code from} into {@code to}, through the molar mass
     * where the two differ by a mass/amount of substance; empty when UCUM cannot convert.
     */
    public OptionalDouble factor(String from, String to, String molarMass) {
        return factors.computeIfAbsent(new ConversionKey(from, to, molarMass), this::computeFactor);
    }

    private synchronized OptionalDouble computeFactor(ConversionKey key) {
        try {
            if (service.validate(key.from()) != null || service.validate(key.to()) != null) {
                return OptionalDouble.empty();
            }
            if (service.isComparable(key.from(), key.to())) {
                return OptionalDouble.of(toDouble(service.convert(ONE, key.from(), key.to())));
            }
            if (key.molarMass() != null) {
                Pair molar = parseQuantity(key.molarMass(), "molar mass");
                Pair one = new Pair(ONE, key.from());
                for (Pair candidate : new Pair[] {service.divideBy(one, molar), service.multiply(one, molar)}) {
                    if (service.isComparable(candidate.getCode(), key.to())) {
                        return OptionalDouble.of(toDouble(service.convert(candidate.getValue(), candidate.getCode(), key.to())));
                    }
                }
            }
            return OptionalDouble.empty();
        } catch (UcumException | RuntimeException e) {
            return OptionalDouble.empty();
        }
    }

    private static double toDouble(Decimal d) {
        return Double.parseDouble(Objects.requireNonNull(d).asDecimal());
    }

    private static Decimal decimal(String s) {
        try {
            return new Decimal(s);
        } catch (UcumException e) {
            throw new IllegalStateException(e);
        }
    }
}
