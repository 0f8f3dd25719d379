package vn.election.edge;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;

/**
 * Sits on the listening socket's pipeline, where each accepted connection passes before any event loop
 * takes it: one over a cap is closed there and then, so a flood that outruns the event loops cannot pile
 * up open sockets (docs/security.md). Runs on the acceptor's thread.
 */
@ChannelHandler.Sharable
final class AcceptGate extends ChannelInboundHandlerAdapter {

    /** Marks a connection this gate admitted and counts, so the server side does not count it again. */
    static final AttributeKey<Boolean> ADMITTED = AttributeKey.valueOf("vn.election.edge.admitted");

    private final ConnectionCount count;

    AcceptGate(ConnectionCount count) {
        this.count = count;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Channel child) {
            String address = addressOf(child);
            if (!count.tryAdmit(address)) {
                // Not registered with an event loop yet: closed on this thread, its descriptor freed at once.
                child.unsafe().closeForcibly();
                return;
            }
            child.attr(ADMITTED).set(Boolean.TRUE);
            child.closeFuture().addListener(f -> count.release(address));
        }
        ctx.fireChannelRead(msg);
    }

    static String addressOf(Channel child) {
        return child.remoteAddress() instanceof InetSocketAddress a && a.getAddress() != null
                ? a.getAddress().getHostAddress() : String.valueOf(child.remoteAddress());
    }
}
