package io.tributary.distribution;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The instructions of a Dockerfile, read the way the tests need them: stages (FROM, AS), ARG defaults substituted
 * into the instructions after them, ENV pairs, and COPY/ADD with their flags, sources and destination. Only the
 * unquoted forms the recipes use; anything else is an error rather than a guess.
 */
record DeployDockerfile(List<Stage> stages) {

    public record Stage(String image, String name, List<Instruction> instructions) {

        public List<Copy> copies() {
            List<Copy> copies = new ArrayList<>();
            for (Instruction i : instructions) {
                if (i.keyword().equals("COPY") || i.keyword().equals("ADD")) {
                    copies.add(Copy.parse(i));
                }
            }
            return copies;
        }

        /** Every ENV pair of the stage, in order (a later one wins). */
        public Map<String, String> env() {
            Map<String, String> env = new LinkedHashMap<>();
            for (Instruction i : instructions) {
                if (i.keyword().equals("ENV")) {
                    for (String pair : i.arguments().trim().split("\\s+")) {
                        int eq = pair.indexOf('=');
                        if (eq <= 0) {
                            throw new IllegalArgumentException("ENV without NAME=value: " + i.arguments());
                        }
                        env.put(pair.substring(0, eq), pair.substring(eq + 1));
                    }
                }
            }
            return env;
        }

        public List<String> arguments(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).map(Instruction::arguments).toList();
        }
    }

    public record Instruction(String keyword, String arguments) {
    }

    /** COPY or ADD: {@code --from=stage}, {@code --chmod=...} and the like as flags; the last path is the target. */
    public record Copy(String keyword, Map<String, String> flags, List<String> sources, String destination) {

        static Copy parse(Instruction i) {
            Map<String, String> flags = new LinkedHashMap<>();
            List<String> paths = new ArrayList<>();
            for (String word : i.arguments().trim().split("\\s+")) {
                if (word.startsWith("--")) {
                    int eq = word.indexOf('=');
                    flags.put(word.substring(2, eq < 0 ? word.length() : eq), eq < 0 ? "" : word.substring(eq + 1));
                } else {
                    paths.add(word);
                }
            }
            if (paths.size() < 2) {
                throw new IllegalArgumentException(i.keyword() + " needs a source and a target: " + i.arguments());
            }
            return new Copy(i.keyword(), flags, paths.subList(0, paths.size() - 1), paths.get(paths.size() - 1));
        }

        public String from() {
            return flags.get("from");
        }
    }

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    static DeployDockerfile read(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static DeployDockerfile parse(String text) {
        List<Stage> stages = new ArrayList<>();
        Map<String, String> args = new LinkedHashMap<>();
        List<Instruction> current = null;
        StringBuilder logical = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            String trimmed = line.strip();
            if (logical.isEmpty() && (trimmed.isEmpty() || trimmed.startsWith("#"))) {
                continue;
            }
            if (trimmed.startsWith("#")) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                logical.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            logical.append(trimmed);
            String instruction = logical.toString().strip();
            logical.setLength(0);
            if (instruction.isEmpty()) {
                continue;
            }
            int space = instruction.indexOf(' ');
            String keyword = (space < 0 ? instruction : instruction.substring(0, space)).toUpperCase();
            String arguments = space < 0 ? "" : instruction.substring(space + 1).strip();
            if (keyword.equals("FROM")) {
                String[] words = substitute(arguments, args).split("\\s+");
                String name = words.length == 3 && words[1].equalsIgnoreCase("AS") ? words[2] : null;
                current = new ArrayList<>();
                stages.add(new Stage(words[0], name, current));
                continue;
            }
            if (current == null) {
                throw new IllegalArgumentException("an instruction before FROM: " + instruction);
            }
            if (keyword.equals("ARG")) {
                int eq = arguments.indexOf('=');
                if (eq > 0) {
                    args.put(arguments.substring(0, eq), arguments.substring(eq + 1));
                } else {
                    args.putIfAbsent(arguments, "");
                }
            }
            current.add(new Instruction(keyword, substitute(arguments, args)));
        }
        return new DeployDockerfile(stages);
    }

    private static String substitute(String text, Map<String, String> args) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = args.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value != null ? value : m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The last stage: what the image is. */
    public Stage image() {
        return stages.get(stages.size() - 1);
    }

    public Stage stage(String name) {
        return stages.stream().filter(s -> name.equals(s.name())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no stage named " + name));
    }
}
