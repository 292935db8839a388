package org.registrytrialmatcher.derive;

/**
 * The CKiD U25 creatinine equation (Pierce et al., Kidney Int 2021), valid from 1 to 25 years:
 * eGFR = K x height (m) / serum creatinine (mg/dL), K by sex and decimal age:
 * male 39.0 x 1.008^(age-12) below 12, 39.0 x 1.045^(age-12) from 12 to under 18, 50.8 from 18;
 * female 36.1 x 1.008^(age-12), 36.1 x 1.023^(age-12), 41.4.
 */
public final class CkidU25 {
    /** Creatinine: umol/L per mg/dL (113.12 g/mol), to take the canonical umol/L back to the equation's mg/dL. */
    public static final double UMOL_PER_MG_DL = 88.40;

    private CkidU25() {
    }

    public static double k(boolean female, double ageYears) {
        if (female) {
            if (ageYears < 12) return 36.1 * Math.pow(1.008, ageYears - 12);
            if (ageYears < 18) return 36.1 * Math.pow(1.023, ageYears - 12);
            return 41.4;
        }
        if (ageYears < 12) return 39.0 * Math.pow(1.008, ageYears - 12);
        if (ageYears < 18) return 39.0 * Math.pow(1.045, ageYears - 12);
        return 50.8;
    }

    public static double egfr(boolean female, double ageYears, double heightMetres, double creatinineMgPerDl) {
        return k(female, ageYears) * heightMetres / creatinineMgPerDl;
    }
}
