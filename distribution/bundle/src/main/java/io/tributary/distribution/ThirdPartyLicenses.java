package io.tributary.distribution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes the ZIP's {@code doc/licenses/THIRD-PARTY.txt} from the jars actually in {@code lib/}: one line per jar, taken
 * from the license plugin's list, which names more artifacts than are shipped (it also lists some the bundle leaves
 * out, such as slf4j-api, and ignores its own exclusion filters for transitive artifacts). A jar the list does not
 * name fails the build, so the file can never miss or misstate what is shipped.
 *
 * <p>Run by the bundle pom's exec execution: {@code ThirdPartyLicenses LIB_DIR LICENSE_PLUGIN_LIST OUTPUT}.
 */
public final class ThirdPartyLicenses {

    /** "     (License) Name (group:artifact:version - url)" as the license plugin writes each artifact. */
    private static final Pattern ENTRY = Pattern.compile("^\\s+\\(.*\\(([^:()\\s]+):([^:()\\s]+):([^\\s()]+) - .*\\)\\s*$");

    private ThirdPartyLicenses() {
    }

    public static void main(String[] args) throws IOException {
        Path lib = Path.of(args[0]);
        Path pluginList = Path.of(args[1]);
        Path output = Path.of(args[2]);
        Files.createDirectories(output.getParent());
        Files.writeString(output, render(jarsIn(lib), Files.readAllLines(pluginList)));
    }

    /** The file's text for these jar file names, each line taken from the license plugin's list. */
    static String render(List<String> jars, List<String> pluginList) {
        Map<String, String> lineByJar = new LinkedHashMap<>();
        for (String line : pluginList) {
            Matcher m = ENTRY.matcher(line);
            if (m.matches()) {
                lineByJar.put(m.group(2) + "-" + m.group(3) + ".jar", line);
            }
        }
        List<String> missing = new ArrayList<>();
        StringBuilder out = new StringBuilder();
        out.append("The ").append(jars.size()).append(" jars in lib/, with their licenses:\n\n");
        for (String jar : jars) {
            String line = lineByJar.get(jar);
            if (line == null) {
                missing.add(jar);
            } else {
                out.append(line).append('\n');
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("The license plugin's list names no artifact for " + missing
                    + " in lib/: check the bundle pom's license and bundle-lib executions");
        }
        return out.toString();
    }

    private static List<String> jarsIn(Path lib) throws IOException {
        try (Stream<Path> files = Files.list(lib)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jar")).sorted().toList();
        }
    }
}
