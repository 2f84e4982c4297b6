package io.recengine.core.pipeline;

import io.recengine.spi.User;

import java.util.Map;

/** Builds the user of a request; feed, recall and callback share it so that their users agree. */
public final class RequestUsers {

    private RequestUsers() {
    }

    /**
     * The user of a request, as PAI-Rec builds it: the request features with empty strings dropped, and
     * {@code uid}.
     */
    public static User of(String uid, Map<String, Object> features) {
        User user = new User(uid);
        features.forEach((k, v) -> {
            if (!(v instanceof String s && s.isEmpty())) {
                user.setProperty(k, v);
            }
        });
        user.setProperty("uid", uid);
        return user;
    }
}
