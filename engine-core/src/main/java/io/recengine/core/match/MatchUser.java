package io.recengine.core.match;

/**
 * A user of the match engine's AIME API ({@code MatchEngineConf.Users}): the credentials the server checks
 * a request's authentication against. The password is never printed.
 */
public record MatchUser(String username, String password) {

    @Override
    public String toString() {
        return "MatchUser[" + username + ", ****]";
    }
}
