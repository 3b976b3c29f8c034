package io.tributary.distribution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/** Unpacks the built component ZIP into a plugin directory, as a user's unzip (or confluent-hub install) does. */
final class BundleZip {

    private BundleZip() {
    }

    /** The plugin classes manifest.json declares (the repository's, which the ZIP carries). */
    static List<String> manifestPluginClasses(Path root) {
        try {
            com.fasterxml.jackson.databind.JsonNode manifest =
                    io.tributary.testsupport.ConnectRest.JSON.readTree(root.resolve("manifest.json").toFile());
            List<String> classes = new java.util.ArrayList<>();
            manifest.path("plugins").forEach(p -> classes.add(p.path("class").asText()));
            return classes;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Every line of a file sink's committed files under {@code output} (its working files live in hidden folders). */
    static List<String> committedLines(Path output) {
        List<String> all = new java.util.ArrayList<>();
        try (java.util.stream.Stream<Path> walk = Files.walk(output)) {
            for (Path file : walk.filter(Files::isRegularFile)
                    .filter(p -> !output.relativize(p).toString().startsWith(".")).sorted().toList()) {
                all.addAll(Files.readAllLines(file));
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return all;
    }

    /** Every record of the Avro container files under {@code output} (not its dot-folders of files in progress). */
    static List<org.apache.avro.generic.GenericRecord> committedAvroRecords(Path output) {
        List<org.apache.avro.generic.GenericRecord> all = new java.util.ArrayList<>();
        try (java.util.stream.Stream<Path> walk = Files.walk(output)) {
            for (Path file : walk.filter(Files::isRegularFile)
                    .filter(p -> !output.relativize(p).toString().startsWith(".")).sorted().toList()) {
                try (org.apache.avro.file.DataFileReader<org.apache.avro.generic.GenericRecord> reader =
                             new org.apache.avro.file.DataFileReader<>(file.toFile(),
                                     new org.apache.avro.generic.GenericDatumReader<>())) {
                    reader.forEach(all::add);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return all;
    }

    /** A decimal field of an Avro record (bytes with the decimal logical type) as a BigDecimal. */
    static java.math.BigDecimal decimal(org.apache.avro.generic.GenericRecord record, String field) {
        org.apache.avro.Schema schema = record.getSchema().getField(field).schema();
        if (schema.getType() == org.apache.avro.Schema.Type.UNION) {
            schema = schema.getTypes().stream().filter(t -> t.getType() != org.apache.avro.Schema.Type.NULL)
                    .findFirst().orElseThrow();
        }
        java.nio.ByteBuffer bytes = ((java.nio.ByteBuffer) record.get(field)).duplicate();
        return new org.apache.avro.Conversions.DecimalConversion().fromBytes(bytes, schema, schema.getLogicalType());
    }

    /** Unpacks the ZIP into {@code into} and returns its one top folder (the component). */
    static Path unzipComponent(Path zip, Path into) throws IOException {
        unzip(zip, into);
        try (java.util.stream.Stream<Path> top = Files.list(into)) {
            List<Path> folders = top.filter(Files::isDirectory).toList();
            if (folders.size() != 1) {
                throw new IllegalStateException("expected one top folder in " + zip + ", found " + folders);
            }
            return folders.get(0);
        }
    }

    static void unzip(Path zip, Path into) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                Path target = into.resolve(entry.getName()).normalize();
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target);
                }
            }
        }
    }
}
