package org.registrytrialmatcher.rules;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.registrytrialmatcher.facts.Numbers;

/**
 * A comparison such as {@code >= 1.0}, tested against a possibly censored value: {@code <0.2}
 * passes {@code < 1} for sure, fails {@code >= 1} for sure, and cannot be compared with {@code < 0.1}.
 */
public record Threshold(String op, double value) {
    private static final Pattern FORM = Pattern.compile("\\s*(>=|<=|>|<)\\s*([0-9]+(\\.[0-9]+)?)\\s*");

    public enum Result { TRUE, FALSE, UNDETERMINED }

    static Threshold parse(String text, Params where, String key) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) throw where.fail("'" + key + "' must be a comparison such as \">= 1.0\" (got '" + text + "')");
        return new Threshold(m.group(1), Double.parseDouble(m.group(2)));
    }

    public Result test(String comparator, double x) {
        if (comparator == null) return holds(x) ? Result.TRUE : Result.FALSE;
        boolean upperBounded = comparator.startsWith("<");   // the value lies in (-inf, x) or (-inf, x]
        boolean closed = comparator.endsWith("=");
        boolean increasing = op.startsWith(">");               // the comparison holds for large values
        double edge = closed ? x : upperBounded ? Math.nextDown(x) : Math.nextUp(x);
        if (upperBounded == increasing) {
            // the interval runs towards values that fail: it can only fail everywhere, or be undecided
            return holds(edge) ? Result.UNDETERMINED : Result.FALSE;
        }
        // the interval runs towards values that pass: it can only pass everywhere, or be undecided
        return holds(edge) ? Result.TRUE : Result.UNDETERMINED;
    }

    public boolean holds(double x) {
        return switch (op) {
            case ">=" -> x >= value;
            case ">" -> x > value;
            case "<=" -> x <= value;
            default -> x < value;
        };
    }

    @Override
    public String toString() {
        return op + " " + Numbers.format(value);
    }
}
