package io.recengine.server;

import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

/** PAI-Rec's liveness route {@code GET /ping}: {@code success}. */
@Controller
final class ServiceController {

    @Get(uri = "/ping", produces = MediaType.TEXT_PLAIN)
    String ping() {
        return "success";
    }
}
