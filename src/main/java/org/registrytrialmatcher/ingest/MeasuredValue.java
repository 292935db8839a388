package org.registrytrialmatcher.ingest;

import org.registrytrialmatcher.catalogue.ValueForm;

/**
 * A lab or observation value as understood: its form, a censoring comparator ({@code <},
 * {@code >}, {@code <=}, {@code >=} or null), the number in the canonical unit (or the titer
 * denominator, dipstick grade, NYHA class), a text value (POS/NEG, Y/N, the dipstick or class
 * as written), the canonical unit and the factor applied to the original number.
 */
record MeasuredValue(ValueForm form, String comparator, Double number, String text, String unit, Double factor) {
}
