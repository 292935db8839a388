package org.registrytrialmatcher.output;

import static org.registrytrialmatcher.output.Html.esc;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.registrytrialmatcher.rules.CohortDefinition;
import org.registrytrialmatcher.rules.RuleDefinition;
import org.registrytrialmatcher.run.RunPlan;
import org.registrytrialmatcher.staging.RecordedRules;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes report.html for the research office: one self-contained page (inline style, no
 * script, no external request), readable printed on A4. Counts per cohort and status; what
 * changed since the last run; per cohort the ranked list with new children marked; per listed
 * child the rules with outcome (word and colour), reason and evidence, and what would settle
 * the open rules. Streamed from the database, written to a temporary file and renamed.
 */
public class ReportWriter implements Tasklet {
    public static final String FILE_NAME = "report.html";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String STYLE = """
            body{font-family:Helvetica,Arial,sans-serif;font-size:10pt;color:#111;margin:1.5em;max-width:60em}
            h1{font-size:16pt;margin-bottom:0}h2{font-size:13pt;border-bottom:2px solid #333;margin-top:1.6em}
            h3{font-size:11pt;margin:1.2em 0 .3em}
            table{border-collapse:collapse;width:100%;margin:.4em 0 1em}th,td{border:1px solid #999;padding:3px 5px;text-align:left;vertical-align:top}
            th{background:#eee}.num{text-align:right}
            .o{font-weight:bold;white-space:nowrap;padding:1px 4px;border-radius:3px}
            .MET{background:#d8f0d8;color:#0b4d0b}.NOT_MET{background:#f6d0d0;color:#7a0000}.UNKNOWN{background:#fff0b3;color:#5c4400}
            .REVIEW{background:#ffd9a8;color:#6b3200}.NOT_APPLICABLE,.SCREENING{background:#e6e6e6;color:#333}
            .CANDIDATE{background:#d8f0d8;color:#0b4d0b}.POSSIBLE{background:#fff0b3;color:#5c4400}.EXCLUDED{background:#f6d0d0;color:#7a0000}
            .new{background:#1d4ed8;color:#fff;font-weight:bold;padding:1px 4px;border-radius:3px}
            .ev{font-size:8.5pt;color:#333;margin:0;padding-left:1.1em}.settle{margin:.2em 0 .8em}
            .child{page-break-inside:avoid;break-inside:avoid}
            @page{size:A4;margin:15mm}@media print{body{margin:0;max-width:none}h2{page-break-before:always;break-before:page}h2.first{page-break-before:avoid;break-before:avoid}}
            """;

    private final JdbcTemplate jdbc;
    private final RunPlan plan;
    private final long runId;

    public ReportWriter(JdbcTemplate jdbc, RunPlan plan, long runId) {
        this.jdbc = jdbc;
        this.plan = plan;
        this.runId = runId;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) {
        Path out = OutputFolder.prepare(plan.outDir());
        NightlyChanges changes = NightlyChanges.compute(jdbc, runId);
        OutputFolder.writeStreaming(out.resolve(FILE_NAME), w -> {
            w.write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + esc(plan.trial().id()) + " referral report "
                    + plan.runDate() + "</title>\n<style>" + STYLE + "</style></head><body>\n");
            w.write("<h1>" + esc(plan.trial().id()) + " pre-screening: referral lists of " + plan.runDate() + "</h1>\n");
            w.write("<p>" + esc(plan.trial().title()) + " (" + esc(plan.trial().registration()) + "). A registry cannot decide eligibility:"
                    + " these lists find children worth referring and show why. CANDIDATE: no rule failed and none is open; POSSIBLE: none failed,"
                    + " some open (UNKNOWN or REVIEW); EXCLUDED children are not listed.</p>\n");
            counts(w);
            changes(w, changes);
            for (CohortDefinition cohort : plan.trial().cohorts()) cohort(w, cohort);
            w.write("</body></html>\n");
        });
        return RepeatStatus.FINISHED;
    }

    private void counts(BufferedWriter w) throws IOException {
        w.write("<h2 class=\"first\">Summary</h2>\n<table><tr><th>cohort</th><th class=\"num\">CANDIDATE</th><th class=\"num\">POSSIBLE</th>"
                + "<th class=\"num\">EXCLUDED</th><th class=\"num\">new on the list</th></tr>\n");
        CohortCounts n = CohortCounts.of(jdbc, runId);
        for (CohortDefinition c : plan.trial().cohorts()) {
            w.write("<tr><td><a href=\"#" + esc(c.id()) + "\">" + esc(c.name()) + "</a> (" + esc(c.id()) + ")</td><td class=\"num\">"
                    + n.status(c.id(), "CANDIDATE") + "</td><td class=\"num\">" + n.status(c.id(), "POSSIBLE") + "</td><td class=\"num\">"
                    + n.status(c.id(), "EXCLUDED") + "</td><td class=\"num\">" + n.newOnList(c.id()) + "</td></tr>\n");
        }
        w.write("</table>\n");
    }

    private void changes(BufferedWriter w, NightlyChanges changes) throws IOException {
        w.write("<h3>Since the previous run</h3>\n");
        if (changes.previousRunId() == null) {
            w.write("<p>No previous completed run of this trial in this database: every listed child is new.</p>\n");
        } else if (changes.dropped().isEmpty()) {
            w.write("<p>No child has left a list since the previous run.</p>\n");
        } else {
            w.write("<table><tr><th>no longer listed</th><th>cohort</th><th>what changed</th></tr>\n");
            for (NightlyChanges.Dropped d : changes.dropped()) {
                w.write("<tr><td>" + esc(d.patientRef()) + "</td><td>" + esc(d.cohort()) + "</td><td><ul class=\"ev\">");
                for (String c : d.changes()) w.write("<li>" + esc(c) + "</li>");
                w.write("</ul></td></tr>\n");
            }
            w.write("</table>\n");
        }
        w.write("<h3>Age window in the next " + NightlyChanges.AGE_LOOKAHEAD_DAYS + " days</h3>\n");
        if (changes.ageChanges().isEmpty()) {
            w.write("<p>No evaluated child enters or leaves the age window in the next " + NightlyChanges.AGE_LOOKAHEAD_DAYS + " days.</p>\n");
        } else {
            w.write("<table><tr><th>child</th><th>cohorts</th><th>change</th><th>on</th></tr>\n");
            for (NightlyChanges.AgeChange a : changes.ageChanges()) {
                w.write("<tr><td>" + esc(a.patientRef()) + "</td><td>" + esc(String.join(", ", a.cohorts())) + "</td><td>" + esc(a.change())
                        + "</td><td>" + a.on() + "</td></tr>\n");
            }
            w.write("</table>\n");
        }
    }

    /**
     * A cohort's list, then a section per listed child: the list is read twice, in rank order,
     * rather than held (a national registry lists tens of thousands of children).
     */
    private void cohort(BufferedWriter w, CohortDefinition cohort) throws IOException {
        w.write("<h2 id=\"" + esc(cohort.id()) + "\">" + esc(cohort.name()) + " (" + esc(cohort.id()) + ")</h2>\n");
        long[] listed = {0};
        forEachListed(cohort, r -> {
            if (listed[0]++ == 0) {
                w.write("<table><tr><th class=\"num\">rank</th><th>child</th><th>registries</th><th class=\"num\">age</th><th>sex</th><th>status</th>"
                        + "<th>open rules</th><th>latest evidence</th></tr>\n");
            }
            w.write("<tr><td class=\"num\">" + r[0] + "</td><td><a href=\"#" + esc(cohort.id() + "-" + r[1]) + "\">" + esc(r[1]) + "</a>"
                    + ("Y".equals(r[8]) ? " <span class=\"new\">NEW</span>" : "") + "</td><td>" + esc(r[2].replace("|", ", ")) + "</td><td class=\"num\">"
                    + r[3] + "</td><td>" + esc(r[4]) + "</td><td><span class=\"o " + esc(r[5]) + "\">" + esc(r[5]) + "</span></td><td>"
                    + esc(r[6] == null ? "" : r[6].replace(";", ", ")) + "</td><td>" + r[7] + "</td></tr>\n");
        });
        if (listed[0] == 0) {
            w.write("<p>No child is listed in this cohort tonight.</p>\n");
            return;
        }
        w.write("</table>\n");
        childSections(w, cohort, listed[0]);
    }

    /**
     * The sections of a cohort's listed children, in rank order. Looking each child's rules up in rank order would jump about
     * the table of recorded rules, whose rows are kilobytes long. So the sections are rendered in the key order of both tables
     * (patient order within the cohort) into a scratch file beside the report, each section's place written at its rank
     * in a scratch index, and then copied into the report in rank order. Memory holds one section; both scratch files are
     * owner-only in the owner-only output folder and are deleted when the cohort is done.
     */
    private void childSections(BufferedWriter w, CohortDefinition cohort, long listed) throws IOException {
        Path dir = plan.outDir();
        Path sections = dir.resolve(".report-sections.tmp");
        Path index = dir.resolve(".report-index.tmp");
        try (FileChannel sectionFile = FileChannel.open(sections, SCRATCH, OutputFolder.ownerOnlyAttributes());
             FileChannel indexFile = FileChannel.open(index, SCRATCH, OutputFolder.ownerOnlyAttributes())) {
            StringWriter text = new StringWriter(16_384);
            BufferedWriter section = new BufferedWriter(text);
            ByteBuffer entry = ByteBuffer.allocate(INDEX_ENTRY);
            long[] end = {0};
            forEachListedInKeyOrder(cohort, r -> {
                long rank = Long.parseLong(r[0]);
                if (rank < 1 || rank > listed) throw new IllegalStateException("cohort " + cohort.id() + ": rank " + rank + " is outside 1.." + listed);
                text.getBuffer().setLength(0);
                child(section, cohort, r);
                section.flush();
                byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
                writeFully(sectionFile, ByteBuffer.wrap(bytes), end[0]);
                entry.clear();
                entry.putLong(end[0]).putInt(bytes.length).flip();
                writeFully(indexFile, entry, (rank - 1) * INDEX_ENTRY);
                end[0] += bytes.length;
            });
            for (long rank = 1; rank <= listed; rank++) {
                entry.clear();
                readFully(indexFile, entry, (rank - 1) * INDEX_ENTRY);
                long offset = entry.flip().getLong();
                int length = entry.getInt();
                if (length <= 0) throw new IllegalStateException("cohort " + cohort.id() + ": no recorded rules for the child ranked " + rank);
                ByteBuffer bytes = ByteBuffer.allocate(length);
                readFully(sectionFile, bytes, offset);
                w.write(new String(bytes.array(), StandardCharsets.UTF_8));
            }
        } finally {
            Files.deleteIfExists(sections);
            Files.deleteIfExists(index);
        }
    }

    private static final int INDEX_ENTRY = Long.BYTES + Integer.BYTES;
    private static final Set<StandardOpenOption> SCRATCH = Set.of(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.READ, StandardOpenOption.WRITE);

    private static void writeFully(FileChannel file, ByteBuffer bytes, long position) throws IOException {
        while (bytes.hasRemaining()) position += file.write(bytes, position);
    }

    private static void readFully(FileChannel file, ByteBuffer bytes, long position) throws IOException {
        while (bytes.hasRemaining()) {
            int n = file.read(bytes, position);
            if (n < 0) throw new IllegalStateException("the report's scratch file ended early");
            position += n;
        }
    }

    private interface ListedRow {
        void accept(String[] row) throws IOException;
    }

    /** The cohort's listed children in rank order, without their rules, streamed (a cursor on PostgreSQL, a fetch size elsewhere). */
    private void forEachListed(CohortDefinition cohort, ListedRow action) throws IOException {
        forEachListed(cohort, false, "r.rank_no", action);
    }

    /**
     * The cohort's listed children in the key order of cohort_result, which is also that of cohort_rules (patient
     * order within the cohort), each with the child's recorded rules and what would settle them (elements 9 and 10),
     * read in the same pass rather than by a query per child.
     */
    private void forEachListedInKeyOrder(CohortDefinition cohort, ListedRow action) throws IOException {
        forEachListed(cohort, true, "r.run_id, r.cohort, r.patient_ref", action);
    }

    private void forEachListed(CohortDefinition cohort, boolean rationale, String order, ListedRow action) throws IOException {
        JdbcTemplate streaming = new JdbcTemplate(jdbc.getDataSource());
        streaming.setFetchSize(500);
        try {
            streaming.query("SELECT r.rank_no, r.patient_ref, r.source_ids, r.age, r.sex, r.status, r.open_rules, r.evidence_date, r.new_since_last"
                    + (rationale ? ", c.rules, c.to_settle FROM cohort_result r JOIN " + RecordedRules.TABLE + " c"
                            + " ON c.run_id = r.run_id AND c.patient_ref = r.patient_ref AND c.cohort = r.cohort" : " FROM cohort_result r")
                    + " WHERE r.run_id = ? AND r.cohort = ? AND r.rank_no IS NOT NULL ORDER BY " + order, (RowCallbackHandler) rs -> {
                        String[] r = {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                                rs.getString(7), rs.getDate(8) == null ? "" : rs.getDate(8).toLocalDate().toString(), rs.getString(9),
                                rationale ? RecordedRules.text(rs.getBytes(10)) : null, rationale ? RecordedRules.text(rs.getBytes(11)) : null};
                        try {
                            action.accept(r);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }, runId, cohort.id());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private void child(BufferedWriter w, CohortDefinition cohort, String[] r) throws IOException {
        w.write("<div class=\"child\"><h3 id=\"" + esc(cohort.id() + "-" + r[1]) + "\">#" + r[0] + " " + esc(r[1])
                + ("Y".equals(r[8]) ? " <span class=\"new\">NEW</span>" : "") + " <span class=\"o " + esc(r[5]) + "\">" + esc(r[5]) + "</span></h3>\n");
        w.write("<table><tr><th>rule</th><th>outcome</th><th>reason</th><th>evidence</th></tr>\n");
        List<String> settle = new ArrayList<>();
        JsonNode rules = JSON.readTree(r[9]);
        JsonNode toSettle = JSON.readTree(r[10]);
        for (int i = 0; i < rules.size(); i++) {
            JsonNode ruleResult = rules.get(i);
            String rule = ruleResult.get("id").asString();
            String outcome = ruleResult.get("outcome").asString();
            String text = plan.trial().rule(rule).map(RuleDefinition::text).orElse("");
            w.write("<tr><td><b>" + esc(rule) + "</b><br>" + esc(text) + "</td><td><span class=\"o " + esc(outcome) + "\">"
                    + esc(outcome.replace('_', ' ')) + "</span></td><td>" + esc(ruleResult.get("reason").asString()) + "</td><td>"
                    + evidence(ruleResult.get("evidence")) + "</td></tr>\n");
            JsonNode settleText = toSettle.get(i);
            if (("UNKNOWN".equals(outcome) || "REVIEW".equals(outcome)) && settleText != null && !settleText.isNull()) {
                settle.add(rule + ": " + settleText.asString());
            }
        }
        w.write("</table>\n");
        if (!settle.isEmpty()) {
            w.write("<p class=\"settle\"><b>To settle:</b></p><ul class=\"settle\">");
            for (String s : settle) w.write("<li>" + esc(s) + "</li>");
            w.write("</ul>\n");
        }
        w.write("</div>\n");
    }

    private static String evidence(JsonNode list) {
        if (list.isEmpty()) return "";
        StringBuilder s = new StringBuilder("<ul class=\"ev\">");
        for (JsonNode e : list) {
            s.append("<li>").append(esc(e.get("source").asString())).append(' ').append(esc(e.get("file").asString())).append(':')
                    .append(e.get("line").asLong()).append(e.get("date").isNull() ? "" : " " + esc(e.get("date").asString())).append(": ")
                    .append(esc(e.get("original").asString()));
            String normalised = e.get("normalised").isNull() ? null : e.get("normalised").asString();
            if (normalised != null && !normalised.equals(e.get("original").asString())) s.append(" \u2192 ").append(esc(normalised));
            s.append("</li>");
        }
        return s.append("</ul>").toString();
    }
}
