import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The closing summary of {@code ./tributary test} (run by test-all.sh with the JDK's single-file launcher): reads every
 * Surefire and Failsafe report ({@code target/*-reports/TEST-*.xml}) written since the run started, and Maven's
 * reactor summary from its log, then prints each failed or errored test, each module that failed or was skipped,
 * and a closing line. Exits 1 if any test failed or errored, any module did not build, or Maven itself failed.
 *
 * <p>usage: java TestReports.java ROOT STARTED_MARKER MAVEN_LOG MAVEN_EXIT_CODE
 */
public final class TestReports {

    /** "[INFO] Tributary :: Common ........ SUCCESS [  3.1 s]" in Maven's reactor summary. */
    private static final Pattern REACTOR_LINE =
            Pattern.compile("^\\[(?:INFO|ERROR|WARNING)\\] (\\S.*?) \\.+ (SUCCESS|FAILURE|SKIPPED)\\b.*$");

    record Problem(String module, String test, String kind, String message) {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        FileTime started = Files.getLastModifiedTime(Path.of(args[1]));
        Path mavenLog = Path.of(args[2]);
        int mavenExit = Integer.parseInt(args[3]);

        List<Path> reports = reports(root, started);
        int run = 0;
        int failed = 0;
        int errors = 0;
        int skipped = 0;
        List<Problem> problems = new ArrayList<>();
        List<String> flaky = new ArrayList<>();
        TreeSet<String> modulesWithTests = new TreeSet<>();
        for (Path report : reports) {
            String module = moduleOf(root, report);
            modulesWithTests.add(module);
            Element suite = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile())
                    .getDocumentElement();
            run += intAttribute(suite, "tests");
            failed += intAttribute(suite, "failures");
            errors += intAttribute(suite, "errors");
            skipped += intAttribute(suite, "skipped");
            NodeList cases = suite.getElementsByTagName("testcase");
            for (int i = 0; i < cases.getLength(); i++) {
                Element testcase = (Element) cases.item(i);
                String test = testcase.getAttribute("classname") + "." + testcase.getAttribute("name");
                for (Node child = testcase.getFirstChild(); child != null; child = child.getNextSibling()) {
                    if (!(child instanceof Element element)) {
                        continue;
                    }
                    switch (element.getTagName()) {
                        case "failure", "error" -> problems.add(new Problem(module, test, element.getTagName(),
                                firstLine(element)));
                        case "flakyFailure", "flakyError" -> flaky.add(module + ": " + test);
                        default -> {
                        }
                    }
                }
            }
        }

        List<String> modulesNotBuilt = new ArrayList<>();
        List<String> modulesSkipped = new ArrayList<>();
        if (Files.exists(mavenLog)) {
            for (String line : Files.readAllLines(mavenLog)) {
                Matcher m = REACTOR_LINE.matcher(line);
                if (m.matches()) {
                    if (m.group(2).equals("FAILURE")) {
                        modulesNotBuilt.add(m.group(1));
                    } else if (m.group(2).equals("SKIPPED")) {
                        modulesSkipped.add(m.group(1));
                    }
                }
            }
        }

        System.out.println();
        System.out.println("==== Test summary (" + reports.size() + " test classes in " + modulesWithTests.size()
                + " modules: " + String.join(", ", modulesWithTests) + ")");
        for (Problem p : problems) {
            System.out.println("  " + (p.kind().equals("error") ? "ERROR " : "FAILED") + "  " + p.module() + "  "
                    + p.test() + (p.message().isEmpty() ? "" : "\n            " + p.message()));
        }
        for (String f : flaky) {
            System.out.println("  flaky   " + f + " (failed, then passed when rerun)");
        }
        for (String m : modulesNotBuilt) {
            System.out.println("  MODULE FAILED   " + m + " (did not compile, or a build step failed: see Maven's output)");
        }
        for (String m : modulesSkipped) {
            System.out.println("  MODULE SKIPPED  " + m + " (depends on a module that failed)");
        }
        boolean mavenFailedOtherwise = mavenExit != 0 && modulesNotBuilt.isEmpty();
        if (mavenFailedOtherwise) {
            System.out.println("  Maven failed (exit " + mavenExit + "): see its output above");
        }
        boolean ok = failed == 0 && errors == 0 && modulesNotBuilt.isEmpty() && modulesSkipped.isEmpty()
                && mavenExit == 0;
        System.out.println(String.format(Locale.ROOT,
                "Tests run: %d, Failures: %d, Errors: %d, Skipped: %d; modules failed: %d, skipped: %d -- %s",
                run, failed, errors, skipped, modulesNotBuilt.size(), modulesSkipped.size(),
                ok ? "ALL PASSED" : "FAILED"));
        System.exit(ok ? 0 : 1);
    }

    private static List<Path> reports(Path root, FileTime started) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths
                    .filter(p -> !p.toString().contains("/.tributary/") && !p.toString().contains("/.git/"))
                    .filter(p -> p.getFileName().toString().startsWith("TEST-")
                            && p.getFileName().toString().endsWith(".xml"))
                    .filter(p -> {
                        String dir = p.getParent().getFileName().toString();
                        return dir.equals("surefire-reports") || dir.equals("failsafe-reports");
                    })
                    .filter(p -> modifiedSince(p, started))
                    .sorted()
                    .toList();
        }
    }

    private static boolean modifiedSince(Path p, FileTime started) {
        try {
            return Files.getLastModifiedTime(p).compareTo(started) >= 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** "distribution/bundle" for distribution/bundle/target/failsafe-reports/TEST-x.xml. */
    private static String moduleOf(Path root, Path report) {
        Path relative = root.relativize(report.getParent().getParent().getParent());
        return relative.toString().isEmpty() ? "." : relative.toString();
    }

    private static int intAttribute(Element e, String name) {
        String value = e.getAttribute(name);
        if (value.isEmpty()) {
            return 0;
        }
        return (int) Double.parseDouble(value);
    }

    private static String firstLine(Element problem) {
        String message = problem.getAttribute("message");
        if (message.isBlank()) {
            message = problem.getAttribute("type");
        }
        String line = message.lines().filter(l -> !l.isBlank()).findFirst().orElse("").strip();
        return line.length() > 200 ? line.substring(0, 200) + " ..." : line;
    }
}
