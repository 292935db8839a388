package org.registrytrialmatcher.evaluate;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.registrytrialmatcher.staging.StreamingConnections;

import org.registrytrialmatcher.facts.Biopsy;
import org.registrytrialmatcher.facts.Diagnosis;
import org.registrytrialmatcher.facts.Evidence;
import org.registrytrialmatcher.facts.Lab;
import org.registrytrialmatcher.facts.Medication;
import org.registrytrialmatcher.facts.Numbers;
import org.registrytrialmatcher.facts.Observation;
import org.registrytrialmatcher.facts.PatientFacts;
import org.registrytrialmatcher.facts.PatientRecord;
import org.registrytrialmatcher.facts.Units;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Assembles each patient's facts by streaming the staged tables in patient order: one cursor
 * per table, all ordered by patient reference, merged as they go. No query per patient;
 * memory holds one patient. Restartable: the number of patients handed out is saved at each
 * commit, and a restart skips that many.
 */
public class PatientFactsReader implements ItemStreamReader<PatientFacts> {
    /** Patients handed out so far (a count, so that no patient ID is kept in the batch tables). */
    static final String DONE_KEY = "patients.done";

    private static final String LINK = " JOIN patient_link l ON l.run_id = s.run_id AND l.src = s.src AND l.patient_id = s.patient_id"
            + " WHERE s.run_id = ? ORDER BY l.patient_ref, l.src_order, s.line_no";

    private final DataSource dataSource;
    private final long runId;
    private final LocalDate runDate;
    private Connection connection;
    private final List<Cursor> cursors = new ArrayList<>();
    private Cursor patients;
    private long done;

    public PatientFactsReader(DataSource dataSource, long runId, LocalDate runDate) {
        this.dataSource = dataSource;
        this.runId = runId;
        this.runDate = runDate;
    }

    /** A forward-only cursor over one table, positioned on its next unconsumed row. */
    private final class Cursor implements AutoCloseable {
        final PreparedStatement statement;
        final ResultSet rows;
        final RowConsumer consumer;
        boolean hasRow;

        Cursor(String sql, RowConsumer consumer) throws SQLException {
            statement = connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            statement.setFetchSize(1000);
            statement.setLong(1, runId);
            rows = statement.executeQuery();
            this.consumer = consumer;
            hasRow = rows.next();
        }

        String ref() throws SQLException {
            return rows.getString("patient_ref");
        }

        /** Adds every row of this patient to the facts. */
        void consume(String ref, PatientFacts facts) throws SQLException {
            while (hasRow && ref.equals(ref())) {
                consumer.accept(rows, facts);
                hasRow = rows.next();
            }
        }

        @Override
        public void close() throws SQLException {
            rows.close();
            statement.close();
        }
    }

    @FunctionalInterface
    private interface RowConsumer {
        void accept(ResultSet rs, PatientFacts facts) throws SQLException;
    }

    @Override
    public void open(ExecutionContext context) {
        long skip = context.getLong(DONE_KEY, 0L);
        try {
            connection = StreamingConnections.open(dataSource);
            patients = new Cursor("SELECT l.patient_ref, s.src, s.file_name, s.line_no, s.patient_id, s.birth_date, s.sex, s.recontact_consent"
                    + " FROM stg_patient s" + LINK, (rs, f) -> {
                        LocalDate birth = date(rs, "birth_date");
                        f.records().add(new PatientRecord(rs.getString("src"), rs.getString("patient_id"), birth, rs.getString("sex"),
                                rs.getString("recontact_consent"), evidence(rs, birth, "born " + birth + ", sex " + rs.getString("sex"), null)));
                    });
            cursors.add(new Cursor("SELECT l.patient_ref, s.src, s.file_name, s.line_no, s.icd10_code, s.description, s.onset_date, s.status,"
                    + " s.resolved_date, s.classification FROM stg_diagnosis s" + LINK, (rs, f) -> {
                        String code = rs.getString("icd10_code");
                        String status = rs.getString("status");
                        LocalDate onset = date(rs, "onset_date");
                        LocalDate resolved = date(rs, "resolved_date");
                        String description = rs.getString("description");
                        f.diagnoses().add(new Diagnosis(code, description, onset, "ACTIVE".equals(status), resolved, rs.getString("classification"),
                                evidence(rs, onset != null ? onset : resolved, code + (description == null ? "" : " " + description),
                                        code + " " + status.toLowerCase(java.util.Locale.ROOT) + (resolved == null ? "" : " " + resolved))));
                    }));
            cursors.add(new Cursor("SELECT l.patient_ref, s.src, s.file_name, s.line_no, s.analyte, s.lab_date, s.value_original, s.unit_original,"
                    + " s.value_form, s.comparator, s.value_num, s.value_text, s.unit, s.ref_low, s.ref_high FROM stg_lab s" + LINK, (rs, f) -> {
                        LocalDate date = date(rs, "lab_date");
                        Double value = number(rs, "value_num");
                        String form = rs.getString("value_form");
                        String comparator = rs.getString("comparator");
                        String unit = rs.getString("unit");
                        String original = rs.getString("value_original").strip() + (rs.getString("unit_original") == null ? "" : " " + rs.getString("unit_original").strip());
                        String normalised = "QUANTITY".equals(form) ? (comparator == null ? "" : comparator) + Numbers.format(value) + " " + Units.display(unit) : rs.getString("value_text");
                        f.labs().add(new Lab(rs.getString("analyte"), date, form, comparator, value, rs.getString("value_text"), unit,
                                number(rs, "ref_low"), number(rs, "ref_high"), evidence(rs, date, original, normalised)));
                    }));
            cursors.add(new Cursor("SELECT l.patient_ref, s.src, s.file_name, s.line_no, s.drug_name, s.atc_code, s.dose_original,"
                    + " s.dose_unit_original, s.dose, s.dose_unit, s.doses_per_day, s.start_date, s.stop_date, s.stop_reason FROM stg_medication s" + LINK,
                    (rs, f) -> {
                        LocalDate start = date(rs, "start_date");
                        LocalDate stop = date(rs, "stop_date");
                        Double dose = number(rs, "dose");
                        Double perDay = number(rs, "doses_per_day");
                        String drug = rs.getString("drug_name");
                        String atc = rs.getString("atc_code");
                        String original = (drug == null ? "" : drug) + (atc == null ? "" : " " + atc)
                                + (rs.getString("dose_original") == null ? "" : " " + rs.getString("dose_original") + " " + rs.getString("dose_unit_original"))
                                + (perDay == null ? "" : " x" + Numbers.format(perDay) + "/day") + " from " + start + (stop == null ? ", ongoing" : " to " + stop)
                                + (rs.getString("stop_reason") == null ? "" : ", stopped: " + rs.getString("stop_reason").toLowerCase(java.util.Locale.ROOT));
                        String normalised = dose == null ? "dose not given" : Numbers.format(dose) + " " + rs.getString("dose_unit") + (perDay == null ? "" : " x" + Numbers.format(perDay) + "/day");
                        f.medications().add(new Medication(drug, atc, dose, rs.getString("dose_unit"), perDay, start, stop, rs.getString("stop_reason"),
                                evidence(rs, stop != null ? stop : start, original.strip(), normalised)));
                    }));
            cursors.add(new Cursor("SELECT l.patient_ref, s.src, s.file_name, s.line_no, s.code, s.obs_date, s.value_original, s.unit_original,"
                    + " s.value_form, s.value_num, s.value_text, s.unit FROM stg_observation s" + LINK, (rs, f) -> {
                        LocalDate date = date(rs, "obs_date");
                        Double value = number(rs, "value_num");
                        String unit = rs.getString("unit");
                        String form = rs.getString("value_form");
                        String original = rs.getString("value_original").strip() + (rs.getString("unit_original") == null ? "" : " " + rs.getString("unit_original").strip());
                        String normalised = "QUANTITY".equals(form) ? Numbers.format(value) + " " + Units.display(unit) : rs.getString("value_text");
                        f.observations().add(new Observation(rs.getString("code"), date, form, value, rs.getString("value_text"), unit,
                                evidence(rs, date, rs.getString("code") + " " + original, normalised)));
                    }));
            cursors.add(new Cursor("SELECT l.patient_ref, s.src, s.file_name, s.line_no, s.biopsy_date, s.organ, s.diagnosis, s.isn_rps_class,"
                    + " s.crescents_pct FROM stg_biopsy s" + LINK, (rs, f) -> {
                        LocalDate date = date(rs, "biopsy_date");
                        String description = rs.getString("organ").toLowerCase(java.util.Locale.ROOT) + ": " + (rs.getString("diagnosis") == null ? "" : rs.getString("diagnosis"))
                                + (rs.getString("isn_rps_class") == null ? "" : ", class " + rs.getString("isn_rps_class"))
                                + (number(rs, "crescents_pct") == null ? "" : ", crescents " + Numbers.format(number(rs, "crescents_pct")) + " %");
                        f.biopsies().add(new Biopsy(date, rs.getString("organ"), rs.getString("diagnosis"), rs.getString("isn_rps_class"),
                                number(rs, "crescents_pct"), evidence(rs, date, description, description)));
                    }));
            for (long i = 0; i < skip && read() != null; i++) {
                // already evaluated and committed before a restart
            }
        } catch (SQLException e) {
            close();
            throw new ItemStreamException("cannot open the staged data of run " + runId + " (SQLState " + e.getSQLState() + ")");
        }
    }

    @Override
    public PatientFacts read() {
        try {
            if (!patients.hasRow) return null;
            String ref = patients.ref();
            PatientFacts facts = new PatientFacts(ref, runDate);
            patients.consume(ref, facts);
            for (Cursor c : cursors) c.consume(ref, facts);
            done++;
            return facts;
        } catch (SQLException e) {
            throw new ItemStreamException("cannot read the staged data of run " + runId + " (SQLState " + e.getSQLState() + ")");
        }
    }

    private static Evidence evidence(ResultSet rs, LocalDate date, String original, String normalised) throws SQLException {
        return new Evidence(rs.getString("src"), rs.getString("file_name"), rs.getLong("line_no"), date, original, normalised);
    }

    private static LocalDate date(ResultSet rs, String column) throws SQLException {
        Date d = rs.getDate(column);
        return d == null ? null : d.toLocalDate();
    }

    private static Double number(ResultSet rs, String column) throws SQLException {
        double d = rs.getDouble(column);
        return rs.wasNull() ? null : d;
    }

    @Override
    public void update(ExecutionContext context) {
        context.putLong(DONE_KEY, done);
    }

    @Override
    public void close() {
        try {
            if (patients != null) patients.close();
            for (Cursor c : cursors) c.close();
            cursors.clear();
            patients = null;
            StreamingConnections.close(connection);
        } catch (SQLException e) {
            throw new ItemStreamException("cannot close the staged data cursors (SQLState " + e.getSQLState() + ")");
        } finally {
            connection = null;
        }
    }
}
