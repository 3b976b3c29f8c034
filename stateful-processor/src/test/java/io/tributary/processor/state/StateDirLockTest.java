package io.tributary.processor.state;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StateDirLockTest {

    @TempDir
    Path dir;

    @Test
    void createsTheStateDirectoryAndRecordsThePid() throws Exception {
        Path state = dir.resolve("a/b");
        try (StateDirLock lock = StateDirLock.acquire(state, "app")) {
            assertThat(lock.file()).isEqualTo(state.resolve("app.lock"));
            assertThat(Files.readString(lock.file()).trim()).isEqualTo(Long.toString(ProcessHandle.current().pid()));
        }
    }

    @Test
    void aSecondLockOnTheSameApplicationIsRefusedNamingTheOwnersPid() throws Exception {
        try (StateDirLock first = StateDirLock.acquire(dir, "app")) {
            assertThatThrownBy(() -> StateDirLock.acquire(dir, "app"))
                    .isInstanceOfSatisfying(StateDirLock.HeldElsewhere.class, e -> assertThat(e.ownerPid())
                            .contains(Long.toString(ProcessHandle.current().pid())))
                    .hasMessageContaining("app.lock");
            try (StateDirLock other = StateDirLock.acquire(dir, "other-app")) {
                assertThat(other.file().getFileName().toString()).isEqualTo("other-app.lock");
            }
        }
    }

    @Test
    void aReleasedLockCanBeTakenAgainThoughItsFileStays() throws Exception {
        StateDirLock.acquire(dir, "app").close();
        assertThat(dir.resolve("app.lock")).exists();
        StateDirLock.acquire(dir, "app").close();
    }
}
