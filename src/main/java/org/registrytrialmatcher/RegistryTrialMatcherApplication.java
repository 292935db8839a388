package org.registrytrialmatcher;

import org.registrytrialmatcher.synthetic.GenerateCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The nightly run (no subcommand), or {@code generate} for synthetic exports.
 */
@SpringBootApplication
public class RegistryTrialMatcherApplication {
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("generate")) {
            System.exit(GenerateCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length)));
        }
        System.exit(SpringApplication.exit(SpringApplication.run(RegistryTrialMatcherApplication.class, args)));
    }
}
