package io.tributary.distribution;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One released Connect version's worker classpath, fetched by Maven from Maven Central into
 * {@code target/connect-runtimes/<version>/lib}: connect-runtime with its runtime dependencies, plus the logging
 * binding that version's distribution ships (reload4j before 4.0, log4j 2 since). A generated pom run with
 * {@code dependency:copy-dependencies} resolves exactly what that version's pom declares, so the worker is the
 * released artifact, not this build's Kafka. Fetched once; a later run reuses the folder.
 */
final class ConnectRuntime {

    private static final String DEPENDENCY_PLUGIN = "3.8.1";

    private final String version;
    private final Path lib;

    private ConnectRuntime(String version, Path lib) {
        this.version = version;
        this.lib = lib;
    }

    static ConnectRuntime fetch(String version, Path runtimes) {
        Path dir = runtimes.resolve(version);
        Path lib = dir.resolve("lib");
        Path complete = dir.resolve("complete");
        if (Files.exists(complete)) {
            return new ConnectRuntime(version, lib);
        }
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("pom.xml"), pom(version));
            List<String> command = new ArrayList<>(List.of(mvn(), "-B", "-ntp", "-q", "-f",
                    dir.resolve("pom.xml").toString(), "dependency:copy-dependencies",
                    "-DoutputDirectory=" + lib, "-DincludeScope=runtime"));
            String repo = System.getProperty("tributary.maven.repo.local", "");
            if (!repo.isBlank()) {
                command.add("-Dmaven.repo.local=" + repo);
            }
            Path log = dir.resolve("fetch.log");
            Process mvn = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!mvn.waitFor(10, TimeUnit.MINUTES)) {
                mvn.destroyForcibly();
                throw new AssertionError("fetching connect-runtime " + version + " took over 10 minutes; see " + log);
            }
            if (mvn.exitValue() != 0) {
                throw new AssertionError("cannot fetch connect-runtime " + version + " (mvn exit " + mvn.exitValue()
                        + "):\n" + Files.readString(log));
            }
            Files.writeString(complete, version + "\n");
            return new ConnectRuntime(version, lib);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String version() {
        return version;
    }

    /** The worker JVM's classpath: every jar of this runtime. */
    String classpath() {
        try (Stream<Path> jars = Files.list(lib)) {
            return String.join(File.pathSeparator, jars.map(Path::toString).filter(p -> p.endsWith(".jar")).sorted()
                    .toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String mvn() {
        String home = System.getProperty("tributary.maven.home", "");
        if (!home.isBlank() && Files.isExecutable(Path.of(home, "bin", "mvn"))) {
            return Path.of(home, "bin", "mvn").toString();
        }
        return "mvn";
    }

    private static String pom(String version) {
        boolean reload4j = Integer.parseInt(version.substring(0, version.indexOf('.'))) < 4;
        String logging = reload4j
                ? dependency("org.slf4j", "slf4j-reload4j", "1.7.36")
                : dependency("org.apache.logging.log4j", "log4j-slf4j-impl", "2.25.4")
                        + dependency("org.apache.logging.log4j", "log4j-core", "2.25.4");
        return String.join("\n",
                "<project xmlns=\"http://maven.apache.org/POM/4.0.0\">",
                "  <modelVersion>4.0.0</modelVersion>",
                "  <groupId>io.tributary.test</groupId>",
                "  <artifactId>connect-runtime-" + version + "</artifactId>",
                "  <version>1</version>",
                "  <packaging>pom</packaging>",
                "  <dependencies>",
                dependency("org.apache.kafka", "connect-runtime", version) + logging,
                "  </dependencies>",
                "  <build><plugins><plugin>",
                "    <artifactId>maven-dependency-plugin</artifactId><version>" + DEPENDENCY_PLUGIN + "</version>",
                "  </plugin></plugins></build>",
                "</project>", "");
    }

    private static String dependency(String group, String artifact, String version) {
        return "    <dependency><groupId>" + group + "</groupId><artifactId>" + artifact + "</artifactId><version>"
                + version + "</version></dependency>\n";
    }
}
