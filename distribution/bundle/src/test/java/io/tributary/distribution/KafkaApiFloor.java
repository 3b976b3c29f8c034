package io.tributary.distribution;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Which references of compiled classes to Kafka classes, methods and fields the oldest supported Kafka lacks: what
 * would fail with NoClassDefFoundError, NoSuchMethodError or NoSuchFieldError on that worker when the code runs.
 * Reads class files (ASM), never loads them. Kafka classes the checked jars carry themselves (the bundle's copies of
 * the 4.1 plugin-metrics interfaces) count as present, as they are on a worker: its plugin class loader falls back to
 * the plugin's own jars for a Kafka class the worker lacks.
 *
 * <p>References resolve as the JVM resolves them: a method is looked up in its owner, the owner's superclasses and
 * interfaces. A reference whose owner's hierarchy touches no Kafka class is not Kafka's concern and is skipped.
 */
final class KafkaApiFloor {

    private static final String KAFKA = "org/apache/kafka/";

    private record ClassInfo(String name, String superName, List<String> interfaces, Set<String> methods,
                             Set<String> fields) {
    }

    private final Map<String, ClassInfo> classes = new HashMap<>();

    /** The Kafka API of the floor version (its connect-api, kafka-clients, ... jars). */
    static KafkaApiFloor of(List<Path> kafkaJars) {
        KafkaApiFloor floor = new KafkaApiFloor();
        for (Path jar : kafkaJars) {
            forEachClass(jar, reader -> floor.index(reader));
        }
        return floor;
    }

    /** Every missing reference in these jars, as {@code class[.method] -> what it references}, sorted. */
    Set<String> missingReferencesIn(List<Path> jars) {
        List<ClassReader> readers = new ArrayList<>();
        for (Path jar : jars) {
            forEachClass(jar, readers::add);
        }
        return missingReferencesIn(readers);
    }

    Set<String> missingReferencesIn(Iterable<ClassReader> readers) {
        for (ClassReader reader : readers) {
            index(reader);
        }
        Set<String> missing = new TreeSet<>();
        for (ClassReader reader : readers) {
            reader.accept(new References(reader.getClassName(), missing), ClassReader.SKIP_FRAMES);
        }
        return missing;
    }

    private void index(ClassReader reader) {
        Set<String> methods = new HashSet<>();
        Set<String> fields = new HashSet<>();
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                methods.add(name + descriptor);
                return null;
            }

            @Override
            public FieldVisitor visitField(int access, String name, String descriptor, String signature,
                                           Object value) {
                fields.add(name);
                return null;
            }
        }, ClassReader.SKIP_CODE);
        classes.putIfAbsent(reader.getClassName(), new ClassInfo(reader.getClassName(), reader.getSuperName(),
                List.of(reader.getInterfaces()), methods, fields));
    }

    private final class References extends ClassVisitor {
        private final String from;
        private final Set<String> missing;

        References(String from, Set<String> missing) {
            super(Opcodes.ASM9);
            this.from = from;
            this.missing = missing;
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName,
                          String[] interfaces) {
            type(superName);
            for (String i : interfaces) {
                type(i);
            }
        }

        @Override
        public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
            descriptor(descriptor);
            return null;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                         String[] exceptions) {
            descriptor(descriptor);
            References inMethod = new References(from + "." + name, missing);
            return inMethod.code();
        }

        private MethodVisitor code() {
            return new MethodVisitor(Opcodes.ASM9) {
                @Override
                public void visitTypeInsn(int opcode, String type) {
                    type(type);
                }

                @Override
                public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
                    field(owner, name);
                    descriptor(descriptor);
                }

                @Override
                public void visitMethodInsn(int opcode, String owner, String name, String descriptor,
                                            boolean isInterface) {
                    method(owner, name, descriptor);
                }

                @Override
                public void visitInvokeDynamicInsn(String name, String descriptor, Handle bsm, Object... args) {
                    descriptor(descriptor);
                    handle(bsm);
                    for (Object arg : args) {
                        constant(arg);
                    }
                }

                @Override
                public void visitLdcInsn(Object value) {
                    constant(value);
                }

                @Override
                public void visitMultiANewArrayInsn(String descriptor, int dims) {
                    descriptor(descriptor);
                }

                @Override
                public void visitTryCatchBlock(org.objectweb.asm.Label start, org.objectweb.asm.Label end,
                                               org.objectweb.asm.Label handler, String type) {
                    type(type);
                }
            };
        }

        private void constant(Object value) {
            if (value instanceof Type t) {
                descriptor(t.getDescriptor());
            } else if (value instanceof Handle h) {
                handle(h);
            }
        }

        private void handle(Handle handle) {
            if (handle.getTag() <= Opcodes.H_PUTSTATIC) {
                field(handle.getOwner(), handle.getName());
            } else {
                method(handle.getOwner(), handle.getName(), handle.getDesc());
            }
        }

        private void descriptor(String descriptor) {
            if (descriptor.startsWith("(")) {
                for (Type argument : Type.getArgumentTypes(descriptor)) {
                    descriptor(argument.getDescriptor());
                }
                descriptor(Type.getReturnType(descriptor).getDescriptor());
            } else {
                Type type = Type.getType(descriptor);
                if (type.getSort() == Type.ARRAY) {
                    type = type.getElementType();
                }
                if (type.getSort() == Type.OBJECT) {
                    type(type.getInternalName());
                }
            }
        }

        private void type(String name) {
            if (name == null) {
                return;
            }
            if (name.startsWith("[")) {
                descriptor(name);
            } else if (name.startsWith(KAFKA) && !classes.containsKey(name)) {
                missing.add(from + " -> class " + name);
            }
        }

        private void field(String owner, String name) {
            type(owner);
            if (touchesKafka(owner) && !resolves(owner, info -> info.fields().contains(name), null)) {
                missing.add(from + " -> field " + owner + "." + name);
            }
        }

        private void method(String owner, String name, String descriptor) {
            if (owner.startsWith("[")) {
                return;
            }
            type(owner);
            descriptor(descriptor);
            if (touchesKafka(owner)
                    && !resolves(owner, info -> info.methods().contains(name + descriptor), name)) {
                missing.add(from + " -> method " + owner + "." + name + descriptor);
            }
        }
    }

    /** Whether {@code owner} is a Kafka class or has one among its known superclasses and interfaces. */
    private boolean touchesKafka(String owner) {
        for (String name : hierarchy(owner)) {
            if (name.startsWith(KAFKA)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a class of {@code owner}'s hierarchy declares the member. Classes outside the index (the JDK's) are
     * asked by reflection for a method of that name; for fields they are not asked, Kafka classes rarely inherit a
     * JDK field.
     */
    private boolean resolves(String owner, java.util.function.Predicate<ClassInfo> declares, String methodName) {
        for (String name : hierarchy(owner)) {
            ClassInfo info = classes.get(name);
            if (info != null) {
                if (declares.test(info)) {
                    return true;
                }
            } else if (methodName != null && jdkDeclares(name, methodName)) {
                return true;
            }
        }
        return false;
    }

    private static boolean jdkDeclares(String internalName, String methodName) {
        if (!internalName.startsWith("java/")) {
            return false;
        }
        try {
            Class<?> type = Class.forName(internalName.replace('/', '.'), false, ClassLoader.getPlatformClassLoader());
            for (Method method : type.getMethods()) {
                if (method.getName().equals(methodName)) {
                    return true;
                }
            }
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                for (Method method : c.getDeclaredMethods()) {
                    if (method.getName().equals(methodName)) {
                        return true;
                    }
                }
            }
            return false;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** The class, its superclasses and interfaces, breadth first; java/lang/Object last for interfaces too. */
    private List<String> hierarchy(String owner) {
        List<String> order = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Deque<String> queue = new ArrayDeque<>(Collections.singleton(owner));
        while (!queue.isEmpty()) {
            String name = queue.removeFirst();
            if (!seen.add(name)) {
                continue;
            }
            order.add(name);
            ClassInfo info = classes.get(name);
            if (info != null) {
                if (info.superName() != null) {
                    queue.add(info.superName());
                }
                queue.addAll(info.interfaces());
            }
        }
        if (!seen.contains("java/lang/Object")) {
            order.add("java/lang/Object");
        }
        return order;
    }

    private static void forEachClass(Path jar, java.util.function.Consumer<ClassReader> action) {
        try (JarFile file = new JarFile(jar.toFile())) {
            for (JarEntry entry : Collections.list(file.entries())) {
                String name = entry.getName();
                if (!name.endsWith(".class") || name.startsWith("META-INF/") || name.endsWith("module-info.class")) {
                    continue;
                }
                try (InputStream in = file.getInputStream(entry)) {
                    action.accept(new ClassReader(in));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + jar, e);
        }
    }
}
