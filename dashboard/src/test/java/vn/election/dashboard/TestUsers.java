package vn.election.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import vn.election.dashboard.auth.DashboardUser;
import vn.election.dashboard.auth.PasswordHasher;
import vn.election.dashboard.auth.UsersFile;

/** The users file of the tests with logins: {@code nation} sees the country, {@code qn-ops} Quảng Ninh (VN-22). */
final class TestUsers {

    private TestUsers() {
    }

    /** Writes {@code users.jsonl} in {@code dir}, both users with {@code password} hashed at bcrypt {@code cost}. */
    static Path write(Path dir, String password, int cost) throws IOException {
        Path users = dir.resolve("users.jsonl");
        UsersFile.append(users, new DashboardUser("nation", PasswordHasher.hash(password, cost), "VN", "national", 0));
        UsersFile.append(users, new DashboardUser("qn-ops", PasswordHasher.hash(password, cost), "VN-22", "provincial centre", 0));
        return users;
    }

    /** Deletes the folder and everything in it. */
    static void delete(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
