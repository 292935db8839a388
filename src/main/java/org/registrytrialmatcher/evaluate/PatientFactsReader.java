package org.registrytrialmatcher.evaluate;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

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
import org.registrytrialmatcher.run.SourceExport;
import org.registrytrialmatcher.source.RecordKind;
import org.registrytrialmatcher.staging.PacketSegments;
import org.registrytrialmatcher.staging.StagedPacketCodec;
import org.registrytrialmatcher.staging.StagedRow;
import org.registrytrialmatcher.staging.StagedRowRejection;
import org.registrytrialmatcher.staging.StagedRowScreen;
import org.registrytrialmatcher.staging.StagingTable;
import org.registrytrialmatcher.staging.StreamedQueryReader;

/**
 * Assembles each child's facts from staging: one cursor over the linked patient records of a
 * range of children (the unit of a partition), in order of child number,
 * and for each record its staged packets, found by the packet table's key, or, on the embedded
 * database, through the lookup tables of the run's {@link PacketSegments}. The fact rows pass
 * through {@link StagedRowScreen} on the way (duplicates and dates before birth are handed on
 * as rejections, never evaluated). Memory holds one child. Restartable: the number of children
 * handed out is saved at each commit, and a restart skips that many.
 */
public class PatientFactsReader extends StreamedQueryReader<StagedPatient> {
    /** Patients handed out so far (a count, so that no patient ID is kept in the batch tables). */
    static final String DONE_KEY = "patients.done";

    /** The kinds of record staged as packets, in the order of their names (as the packet query orders them). */
    private static final List<StagingTable> PACKED = java.util.Arrays.stream(StagingTable.values()).filter(StagingTable::packed)
            .sorted(java.util.Comparator.comparing(t -> t.kind().name())).toList();

    private final long runId;
    private final LocalDate runDate;
    private final Map<String, SourceExport> sources = new HashMap<>();
    private final long firstChild;
    private final long lastChild;
    private final PacketSegments segments;
    private PacketSegments.Reader segmentReader;
    private PreparedStatement packetStatement;
    private boolean started;
    private boolean hasRow;

    /** Reads the children numbered {@code firstChild..lastChild} (see the {@code child} table) of a run whose packets are in their rows. */
    public PatientFactsReader(DataSource dataSource, long runId, LocalDate runDate, List<SourceExport> sources, long firstChild, long lastChild) {
        this(dataSource, runId, runDate, sources, firstChild, lastChild, null);
    }

    /** {@code segments}: where the run's packets are (the embedded database's way); null: in {@code stg_packet}. */
    public PatientFactsReader(DataSource dataSource, long runId, LocalDate runDate, List<SourceExport> sources, long firstChild, long lastChild,
                              PacketSegments segments) {
        super(dataSource, DONE_KEY, "the staged data of run " + runId);
        this.segments = segments;
        this.runId = runId;
        this.runDate = runDate;
        for (SourceExport s : sources) this.sources.put(s.name(), s);
        this.firstChild = firstChild;
        this.lastChild = lastChild;
    }

    private record Member(SourceExport source, String patientId, LocalDate birthDate) {
    }

    @Override
    protected String sql() {
        return "SELECT l.patient_ref, s.src, s.file_name, s.line_no, s.patient_id, s.birth_date, s.sex, s.recontact_consent FROM child c"
                + " JOIN patient_link l ON l.run_id = c.run_id AND l.patient_ref = c.patient_ref"
                + " JOIN " + StagingTable.PATIENTS.tableName() + " s ON s.run_id = l.run_id AND s.src = l.src AND s.patient_id = l.patient_id"
                + " WHERE c.run_id = ? AND c.child_no BETWEEN ? AND ?"
                + " ORDER BY c.child_no, l.src_order, s.line_no";
    }

    @Override
    protected void bind(PreparedStatement statement) throws SQLException {
        statement.setLong(1, runId);
        statement.setLong(2, firstChild);
        statement.setLong(3, lastChild);
    }

    @Override
    protected void opened(Connection connection) throws SQLException {
        started = false;
        if (segments != null) return;
        // One index lookup per kind (the packet key is source, kind, patient), in one statement.
        packetStatement = connection.prepareStatement(String.join(" UNION ALL ", java.util.Collections.nCopies(PACKED.size(),
                "SELECT kind, file_name, packet, first_line FROM " + StagingTable.PACKETS + " WHERE run_id = ? AND src = ? AND kind = ? AND patient_id = ?"))
                + " ORDER BY 1, 4");
    }

    @Override
    protected void closing() throws SQLException {
        if (segmentReader != null) segmentReader.close();
        segmentReader = null;
        if (packetStatement != null) packetStatement.close();
        packetStatement = null;
    }

    /** The next child: its patient records (consecutive rows of the cursor) and their packets. */
    @Override
    protected StagedPatient next(ResultSet patients) throws SQLException {
        if (!started) {
            started = true;
            hasRow = patients.next();
        }
        if (!hasRow) return null;
        String ref = patients.getString("patient_ref");
        PatientFacts facts = new PatientFacts(ref, runDate);
        List<Member> members = new ArrayList<>(2);
        while (hasRow && ref.equals(patients.getString("patient_ref"))) {
            LocalDate birth = date(patients.getDate("birth_date"));
            String src = patients.getString("src");
            String sex = patients.getString("sex");
            facts.records().add(new PatientRecord(src, patients.getString("patient_id"), birth, sex, patients.getString("recontact_consent"),
                    new Evidence(src, patients.getString("file_name"), patients.getLong("line_no"), birth, "born " + birth + ", sex " + sex, null)));
            members.add(new Member(sources.get(src), patients.getString("patient_id"), birth));
            hasRow = patients.next();
        }
        List<StagedRowRejection> rejections = new ArrayList<>();
        for (Member member : members) {
            readPackets(member, facts, rejections);
        }
        return new StagedPatient(facts, rejections);
    }

    /** Adds the loaded fact rows of one patient record, screening them kind by kind in line order. */
    private void readPackets(Member member, PatientFacts facts, List<StagedRowRejection> rejections) throws SQLException {
        if (segments != null) {
            readSegments(member, facts, rejections);
            return;
        }
        for (int k = 0; k < PACKED.size(); k++) {
            packetStatement.setLong(4 * k + 1, runId);
            packetStatement.setString(4 * k + 2, member.source().name());
            packetStatement.setString(4 * k + 3, PACKED.get(k).kind().name());
            packetStatement.setString(4 * k + 4, member.patientId());
        }
        Map<StagingTable, StagedRowScreen> screens = new EnumMap<>(StagingTable.class);
        try (ResultSet rs = packetStatement.executeQuery()) {
            while (rs.next()) {
                StagingTable table = StagingTable.of(RecordKind.valueOf(rs.getString(1)));
                StagedRowScreen screen = screens.computeIfAbsent(table, t -> StagedRowScreen.forPatient(member.source(), t, member.birthDate()));
                add(member, table, screen, rs.getString(2), rs.getBytes(3), facts, rejections);
            }
        }
    }

    /** The same from the run's packet segments: those of each kind the source's profile has a file of. */
    private void readSegments(Member member, PatientFacts facts, List<StagedRowRejection> rejections) {
        if (segmentReader == null) segmentReader = segments.reader();
        for (StagingTable table : PACKED) {
            if (member.source().profile().file(table.kind()) == null) continue;
            StagedRowScreen screen = null;
            for (PacketSegments.Packet packet : segmentReader.packets(runId, member.source().name(), table.kind(), member.patientId())) {
                if (screen == null) screen = StagedRowScreen.forPatient(member.source(), table, member.birthDate());
                add(member, table, screen, packet.fileName(), packet.bytes(), facts, rejections);
            }
        }
    }

    private static void add(Member member, StagingTable table, StagedRowScreen screen, String fileName, byte[] packet, PatientFacts facts,
                            List<StagedRowRejection> rejections) {
        for (StagedRow row : StagedPacketCodec.decode(member.source().name(), fileName, member.source().profile().quote(), packet)) {
            StagedRowRejection rejection = screen.check(row);
            if (rejection != null) {
                rejections.add(rejection);
            } else {
                add(table, row, facts);
            }
        }
    }

    private static void add(StagingTable table, StagedRow row, PatientFacts facts) {
        switch (table) {
            case DIAGNOSES -> facts.diagnoses().add(diagnosis(row));
            case LABS -> facts.labs().add(lab(row));
            case MEDICATIONS -> facts.medications().add(medication(row));
            case OBSERVATIONS -> facts.observations().add(observation(row));
            case BIOPSIES -> facts.biopsies().add(biopsy(row));
            default -> throw new IllegalStateException("patients are not staged as packets");
        }
    }

    // Column positions of each kind's staged values (StagingTable order).
    private static final StagingTable DX = StagingTable.DIAGNOSES;
    private static final int DX_CODE = DX.index("icd10_code"), DX_DESCRIPTION = DX.index("description"), DX_ONSET = DX.index("onset_date"),
            DX_STATUS = DX.index("status"), DX_RESOLVED = DX.index("resolved_date"), DX_CLASSIFICATION = DX.index("classification");

    private static Diagnosis diagnosis(StagedRow row) {
        Object[] v = row.values();
        String code = (String) v[DX_CODE];
        String status = (String) v[DX_STATUS];
        LocalDate onset = (LocalDate) v[DX_ONSET];
        LocalDate resolved = (LocalDate) v[DX_RESOLVED];
        String description = (String) v[DX_DESCRIPTION];
        return new Diagnosis(code, description, onset, "ACTIVE".equals(status), resolved, (String) v[DX_CLASSIFICATION],
                evidence(row, onset != null ? onset : resolved, code + (description == null ? "" : " " + description),
                        code + " " + status.toLowerCase(Locale.ROOT) + (resolved == null ? "" : " " + resolved)));
    }

    private static final StagingTable LB = StagingTable.LABS;
    private static final int LB_ANALYTE = LB.index("analyte"), LB_DATE = LB.index("lab_date"), LB_VALUE_ORIGINAL = LB.index("value_original"),
            LB_UNIT_ORIGINAL = LB.index("unit_original"), LB_FORM = LB.index("value_form"), LB_COMPARATOR = LB.index("comparator"),
            LB_VALUE = LB.index("value_num"), LB_TEXT = LB.index("value_text"), LB_UNIT = LB.index("unit"), LB_REF_LOW = LB.index("ref_low"),
            LB_REF_HIGH = LB.index("ref_high");

    private static Lab lab(StagedRow row) {
        Object[] v = row.values();
        LocalDate date = (LocalDate) v[LB_DATE];
        Double value = number(v[LB_VALUE]);
        String form = (String) v[LB_FORM];
        String comparator = (String) v[LB_COMPARATOR];
        String unit = (String) v[LB_UNIT];
        String unitOriginal = (String) v[LB_UNIT_ORIGINAL];
        String original = ((String) v[LB_VALUE_ORIGINAL]).strip() + (unitOriginal == null ? "" : " " + unitOriginal.strip());
        String normalised = "QUANTITY".equals(form) ? (comparator == null ? "" : comparator) + Numbers.format(value) + " " + Units.display(unit)
                : (String) v[LB_TEXT];
        return new Lab((String) v[LB_ANALYTE], date, form, comparator, value, (String) v[LB_TEXT], unit, number(v[LB_REF_LOW]), number(v[LB_REF_HIGH]),
                evidence(row, date, original, normalised));
    }

    private static final StagingTable MD = StagingTable.MEDICATIONS;
    private static final int MD_DRUG = MD.index("drug_name"), MD_ATC = MD.index("atc_code"), MD_DOSE_ORIGINAL = MD.index("dose_original"),
            MD_DOSE_UNIT_ORIGINAL = MD.index("dose_unit_original"), MD_DOSE = MD.index("dose"), MD_DOSE_UNIT = MD.index("dose_unit"),
            MD_PER_DAY = MD.index("doses_per_day"), MD_START = MD.index("start_date"), MD_STOP = MD.index("stop_date"), MD_REASON = MD.index("stop_reason");

    private static Medication medication(StagedRow row) {
        Object[] v = row.values();
        LocalDate start = (LocalDate) v[MD_START];
        LocalDate stop = (LocalDate) v[MD_STOP];
        Double dose = number(v[MD_DOSE]);
        Double perDay = number(v[MD_PER_DAY]);
        String drug = (String) v[MD_DRUG];
        String atc = (String) v[MD_ATC];
        String reason = (String) v[MD_REASON];
        String doseUnit = (String) v[MD_DOSE_UNIT];
        String original = (drug == null ? "" : drug) + (atc == null ? "" : " " + atc)
                + (v[MD_DOSE_ORIGINAL] == null ? "" : " " + v[MD_DOSE_ORIGINAL] + " " + v[MD_DOSE_UNIT_ORIGINAL])
                + (perDay == null ? "" : " x" + Numbers.format(perDay) + "/day") + " from " + start + (stop == null ? ", ongoing" : " to " + stop)
                + (reason == null ? "" : ", stopped: " + reason.toLowerCase(Locale.ROOT));
        String normalised = dose == null ? "dose not given" : Numbers.format(dose) + " " + doseUnit + (perDay == null ? "" : " x" + Numbers.format(perDay) + "/day");
        return new Medication(drug, atc, dose, doseUnit, perDay, start, stop, reason, evidence(row, stop != null ? stop : start, original.strip(), normalised));
    }

    private static final StagingTable OB = StagingTable.OBSERVATIONS;
    private static final int OB_CODE = OB.index("code"), OB_DATE = OB.index("obs_date"), OB_VALUE_ORIGINAL = OB.index("value_original"),
            OB_UNIT_ORIGINAL = OB.index("unit_original"), OB_FORM = OB.index("value_form"), OB_VALUE = OB.index("value_num"),
            OB_TEXT = OB.index("value_text"), OB_UNIT = OB.index("unit");

    private static Observation observation(StagedRow row) {
        Object[] v = row.values();
        LocalDate date = (LocalDate) v[OB_DATE];
        Double value = number(v[OB_VALUE]);
        String unit = (String) v[OB_UNIT];
        String form = (String) v[OB_FORM];
        String code = (String) v[OB_CODE];
        String unitOriginal = (String) v[OB_UNIT_ORIGINAL];
        String original = ((String) v[OB_VALUE_ORIGINAL]).strip() + (unitOriginal == null ? "" : " " + unitOriginal.strip());
        String normalised = "QUANTITY".equals(form) ? Numbers.format(value) + " " + Units.display(unit) : (String) v[OB_TEXT];
        return new Observation(code, date, form, value, (String) v[OB_TEXT], unit, evidence(row, date, code + " " + original, normalised));
    }

    private static final StagingTable BX = StagingTable.BIOPSIES;
    private static final int BX_DATE = BX.index("biopsy_date"), BX_ORGAN = BX.index("organ"), BX_DIAGNOSIS = BX.index("diagnosis"),
            BX_CLASS = BX.index("isn_rps_class"), BX_CRESCENTS = BX.index("crescents_pct");

    private static Biopsy biopsy(StagedRow row) {
        Object[] v = row.values();
        LocalDate date = (LocalDate) v[BX_DATE];
        String organ = (String) v[BX_ORGAN];
        String diagnosis = (String) v[BX_DIAGNOSIS];
        String isnClass = (String) v[BX_CLASS];
        Double crescents = number(v[BX_CRESCENTS]);
        String description = organ.toLowerCase(Locale.ROOT) + ": " + (diagnosis == null ? "" : diagnosis)
                + (isnClass == null ? "" : ", class " + isnClass)
                + (crescents == null ? "" : ", crescents " + Numbers.format(crescents) + " %");
        return new Biopsy(date, organ, diagnosis, isnClass, crescents, evidence(row, date, description, description));
    }

    private static Evidence evidence(StagedRow row, LocalDate date, String original, String normalised) {
        return new Evidence(row.source(), row.file(), row.line(), date, original, normalised);
    }

    private static LocalDate date(Date d) {
        return d == null ? null : d.toLocalDate();
    }

    private static Double number(Object value) {
        return value == null ? null : ((Number) value).doubleValue();
    }
}
