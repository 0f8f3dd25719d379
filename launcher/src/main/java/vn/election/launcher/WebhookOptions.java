package vn.election.launcher;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import vn.election.delivery.Silences;
import vn.election.delivery.WebhookRoutes;
import vn.election.delivery.WebhookSigner;
import vn.election.model.registry.Registry;

/**
 * The webhook options {@code run} and {@code cluster} share (receivers, secret, silences): in, the command
 * line; out, the checked {@link SystemConfig.Webhooks} for alert delivery, or null when it is off.
 */
final class WebhookOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--webhook-url", paramLabel = "URL",
            description = "Deliver alerts to this webhook receiver: grouped, signed per Standard Webhooks, retried until "
                    + "2xx, kept across restarts with --data-dir; repeat for several receivers (default: off). "
                    + "See alert-delivery/README.md; 'election-day alerts tail --listen PORT' is a receiver to try it.")
    List<URI> webhookUrls;

    @Option(names = "--webhook-secret", paramLabel = "SECRET", defaultValue = "${env:" + AlertsCommand.SECRET_VARIABLE + "}",
            description = "Signing secret for --webhook-url, whsec_<base64> or a raw string (default: the environment "
                    + "variable " + AlertsCommand.SECRET_VARIABLE + "; prefer it, an argument shows in the process list).")
    String webhookSecret;

    @Option(names = "--silences", paramLabel = "FILE",
            description = "With --webhook-url: a JSON file of time-boxed alert silences, re-read when it changes "
                    + "(see alert-delivery/README.md).")
    Path silencesFile;

    @Option(names = "--webhook-routes", paramLabel = "FILE",
            description = "A JSON file of routes: receivers sent only the alerts they match, by unit (a province and "
                    + "below), severity and kind, besides the --webhook-url receivers, which get every alert "
                    + "(see alert-delivery/README.md).")
    Path routesFile;

    /** The webhook settings, checked here so a bad one is a one-line argument error; null when off. */
    SystemConfig.Webhooks webhooks(Registry registry) {
        List<URI> urls = webhookUrls == null ? List.of() : webhookUrls;
        if (urls.isEmpty() && routesFile == null) {
            if (silencesFile != null) {
                throw new ParameterException(spec.commandLine(), "--silences needs --webhook-url or --webhook-routes");
            }
            return null;
        }
        for (URI u : urls) {
            if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https")) || u.getHost() == null) {
                throw new ParameterException(spec.commandLine(), "--webhook-url must be an http:// or https:// URL, got " + u);
            }
        }
        if (webhookSecret == null || webhookSecret.isEmpty()) {
            throw new ParameterException(spec.commandLine(), (urls.isEmpty() ? "--webhook-routes" : "--webhook-url")
                    + " needs --webhook-secret (or "
                    + AlertsCommand.SECRET_VARIABLE + ")");
        }
        try {
            WebhookSigner.fromSecret(webhookSecret);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--webhook-secret: " + e.getMessage());
        }
        if (silencesFile != null) {
            try {
                Silences.load(silencesFile, registry);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--silences: " + e.getMessage());
            }
        }
        if (routesFile != null) {
            try {
                WebhookRoutes.load(routesFile, registry);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--webhook-routes: " + e.getMessage());
            }
        }
        return new SystemConfig.Webhooks(urls, webhookSecret, silencesFile, routesFile);
    }

    /** The start-up summary's line. */
    String line(SystemConfig.Webhooks webhooks) {
        return webhooks == null ? "  Webhooks:      off" : "  Webhooks:      " + webhooks.receivers() + " (signed, grouped by province)";
    }
}
