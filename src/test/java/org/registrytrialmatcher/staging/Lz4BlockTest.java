package org.registrytrialmatcher.staging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

import net.jpountz.lz4.LZ4Factory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class Lz4BlockTest {
    /** Rows much like a lab export's: what packets hold. */
    private static byte[] labLikeText() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            text.append("R").append(100000 + i % 37).append(",2025-0").append(1 + i % 9).append("-1").append(i % 10)
                    .append(",CREAT,").append(40 + i % 61).append(",umol/L,ref 30-80\n");
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    @EnabledIfSystemProperty(named = "os.arch", matches = "amd64|aarch64")
    void theNativeLibraryIsUsedEvenWhenLoadedByAnApplicationClassLoader() throws Exception {
        // lz4-java ships its native library for these platforms. The packaged application loads its
        // classes through Spring Boot's class loader, not the system one; this loads them through a
        // class loader of its own in the same way.
        URL[] classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> {
                    try {
                        return Path.of(entry).toUri().toURL();
                    } catch (MalformedURLException e) {
                        throw new IllegalStateException(e);
                    }
                }).toArray(URL[]::new);
        try (URLClassLoader applicationLoader = new URLClassLoader(classPath, ClassLoader.getPlatformClassLoader())) {
            Class<?> block = applicationLoader.loadClass(Lz4Block.class.getName());
            assertThat(block.getClassLoader()).isSameAs(applicationLoader);

            assertThat(block.getMethod("implementation").invoke(null)).isEqualTo("LZ4Factory:JNI");
        }
    }

    @Test
    void aBlockWrittenByEitherImplementationIsReadByTheOther() {
        byte[] plain = labLikeText();
        byte[] byNative = Lz4Block.compress(LZ4Factory.nativeInstance(), (byte) 7, plain, 0, plain.length);
        byte[] byJava = Lz4Block.compress(LZ4Factory.safeInstance(), (byte) 7, plain, 0, plain.length);

        assertThat(Lz4Block.decompress(LZ4Factory.safeInstance(), byNative, "block")).isEqualTo(plain);
        assertThat(Lz4Block.decompress(LZ4Factory.nativeInstance(), byJava, "block")).isEqualTo(plain);
        assertThat(byNative.length).isLessThan(plain.length / 3);
        assertThat(byNative[0]).isEqualTo((byte) 7);
    }

    @Test
    void aSliceIsCompressedAloneAndComesBackWhole() {
        byte[] plain = labLikeText();
        byte[] stored = Lz4Block.compress((byte) 1, plain, 100, 5000);

        byte[] back = Lz4Block.decompress(stored, "block");

        assertThat(back).hasSize(5000);
        assertThat(new String(back, StandardCharsets.UTF_8)).isEqualTo(new String(plain, 100, 5000, StandardCharsets.UTF_8));
    }
}
