import Hummingbird

/// `GET /healthz`: answers 200 while the process can serve; the baseline every benchmark compares against.
struct HealthController {
    func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("/healthz") { _, _ in "ok\n" }
    }
}
