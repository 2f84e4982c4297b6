package io.recengine.server;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

/** Test-only route that fails, to check the 500 envelope. */
@Controller("/test-only")
class BoomController {

    @Get("/boom")
    String boom() {
        throw new IllegalStateException("boom: internal detail that must not reach the client");
    }
}
