// What the test's small HTTP servers (the balancer, the tap) share: their address once listening,
// listening on a port (0: any free one), and closing with every connection.

/** { url, listen(), close() } for a node:http server that is to listen on host:port. */
export function localServer(server, host, port) {
  return {
    get url() {
      const address = server.address();
      return address && typeof address === "object" ? `http://${host}:${address.port}` : undefined;
    },
    listen() {
      return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          server.off("error", reject);
          resolve(this.url);
        });
      });
    },
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
