/**
 * The service interface that collective libraries implement
 * ({@link dev.jnn.distributed.spi.ProcessGroupProvider}), its configuration, and the TCP
 * {@link dev.jnn.distributed.spi.Rendezvous} that providers use to bootstrap and to notice a peer
 * that died.
 */
package dev.jnn.distributed.spi;
