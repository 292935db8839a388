package org.registrytrialmatcher;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class RegistryTrialMatcherApplication {
    public static void main(String[] args) {
        System.exit(SpringApplication.exit(SpringApplication.run(RegistryTrialMatcherApplication.class, args)));
    }
}
