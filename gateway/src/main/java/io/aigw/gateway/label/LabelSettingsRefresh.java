package io.aigw.gateway.label;

import io.aigw.filters.label.Labeler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.cloud.context.environment.EnvironmentChangeEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Applies changed global label settings ({@code aigw.label.locale}, {@code position}, {@code texts})
 * without a restart: when the configuration is reloaded (the watched configuration file changed, see
 * {@code ConfigFileWatcher}) and a {@code aigw.label.*} key changed, they are bound again and handed to
 * the {@link Labeler}. Settings that do not validate are refused with an ERROR line and the previous ones
 * stay. The signing keys, {@code provider} and {@code structured-answers} are read at start-up only.
 */
@Component
class LabelSettingsRefresh implements ApplicationListener<EnvironmentChangeEvent> {

    private static final Logger log = LoggerFactory.getLogger(LabelSettingsRefresh.class);
    private static final String PREFIX = "aigw.label";

    private final Labeler labeler;
    private final Environment environment;

    LabelSettingsRefresh(Labeler labeler, Environment environment) {
        this.labeler = labeler;
        this.environment = environment;
    }

    @Override
    public void onApplicationEvent(EnvironmentChangeEvent event) {
        if (event.getKeys().stream().noneMatch(key -> key.startsWith(PREFIX + "."))) {
            return;
        }
        try {
            LabelProperties fresh = Binder.get(environment).bindOrCreate(PREFIX, LabelProperties.class);
            labeler.reconfigure(LabelConfiguration.labelConfigOf(fresh));
            log.info("aigw.label settings reloaded (locale {}, position {})", fresh.locale(), fresh.position());
        } catch (RuntimeException e) {
            log.error("aigw.label settings not reloaded, the previous ones stay: {}", e.getMessage());
        }
    }
}
