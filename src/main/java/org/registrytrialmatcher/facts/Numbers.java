package org.registrytrialmatcher.facts;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Numbers as reasons show them: at most 3 significant decimals, no trailing zeros. */
public final class Numbers {
    private Numbers() {
    }

    public static String format(Double value) {
        if (value == null) return "?";
        BigDecimal d = BigDecimal.valueOf(value);
        int scale = Math.abs(value) >= 100 ? 1 : Math.abs(value) >= 1 ? 2 : 3;
        return d.setScale(scale, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    public static String oneDecimal(double value) {
        return BigDecimal.valueOf(value).setScale(1, RoundingMode.HALF_UP).toPlainString();
    }
}
