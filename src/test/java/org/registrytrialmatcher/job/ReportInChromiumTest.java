package org.registrytrialmatcher.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * report.html opened in a real headless Chromium (Debian's chromium, which .ci/run installs):
 * the page shows every listed child and makes no request outside itself. Chromium's own
 * network log tells which requests the page made. Never skipped: without Chromium it fails.
 */
class ReportInChromiumTest {
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("RTM_TEST_CHROMIUM", "/usr/bin/chromium"));

    @TempDir
    static Path work;

    static Path out;

    record Rendered(String dom, List<String> externalRequests) {
    }

    @BeforeAll
    static void runTheSampleData() {
        if (!Files.isExecutable(CHROMIUM)) {
            throw new IllegalStateException(CHROMIUM + " not found: install Debian's chromium package (apt-get install chromium), as .ci/run does");
        }
        out = work.resolve("out");
        NightlyRun.Result r = NightlyRun.run(NightlyRun.hsqldbArgs(work, out, "rheum:sample-data/rheum", "nephro:sample-data/nephro"));
        assertThat(r.exitCode()).as(r.stderr()).isZero();
    }

    @Test
    void theReportShowsEveryListedChildAndRequestsNothingOutsideItself() throws Exception {
        Rendered page = render(out.resolve("report.html"), work.resolve("report"));
        List<String> listed = new ArrayList<>();
        try (var files = Files.list(out)) {
            for (Path csv : files.filter(p -> p.getFileName().toString().startsWith("candidates-")).toList()) {
                Files.readAllLines(csv).stream().skip(1).map(l -> "#" + l.split(",")[0] + " " + l.split(",")[1]).forEach(listed::add);
            }
        }
        assertThat(listed).contains("#1 rheum:R001", "#1 nephro:N103").hasSize(6);
        for (String child : listed) {
            assertThat(page.dom()).as("the section of " + child).contains("\">" + child + " ");
        }
        assertThat(page.dom()).contains("<span class=\"new\">NEW</span>").contains("To settle:");
        assertThat(page.externalRequests()).isEmpty();
    }

    @Test
    void theNetworkCheckDoesSeeAPageThatRequestsSomethingOutside() throws Exception {
        Path probe = work.resolve("probe.html");
        Files.writeString(probe, "<html><body><img src=\"http://example.invalid/pixel.png\"></body></html>");
        assertThat(render(probe, work.resolve("probe")).externalRequests()).contains("http://example.invalid/pixel.png");
    }

    static Rendered render(Path html, Path scratch) throws IOException, InterruptedException {
        Files.createDirectories(scratch);
        Path netLog = scratch.resolve("netlog.json");
        Path dom = scratch.resolve("dom.html");
        ProcessBuilder pb = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + scratch.resolve("profile"), "--log-net-log=" + netLog, "--dump-dom", html.toUri().toString())
                .redirectOutput(dom.toFile()).redirectError(scratch.resolve("stderr.txt").toFile());
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("Chromium did not finish rendering " + html + " within 120 s");
        }
        List<String> external = new ArrayList<>();
        JsonNode log = JsonMapper.builder().build().readTree(Files.readString(netLog, StandardCharsets.UTF_8));
        for (JsonNode event : log.get("events")) {
            JsonNode params = event.get("params");
            if (params == null || params.get("url") == null || params.get("network_isolation_key") == null) continue;
            String url = params.get("url").asString();
            boolean fromThePage = params.get("network_isolation_key").asString().contains("file://");
            if (fromThePage && !url.startsWith("file:") && !url.startsWith("data:") && !external.contains(url)) external.add(url);
        }
        return new Rendered(Files.readString(dom, StandardCharsets.UTF_8), external);
    }
}
