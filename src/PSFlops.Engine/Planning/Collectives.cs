using System;

namespace PSFlops.Engine.Planning
{
    /// <summary>
    /// Alpha-beta cost of one collective (docs/step-time.md, "Collectives"). A group of n devices whose ranks are
    /// <c>stride</c> apart (Megatron's rank order: tensor, context, data, pipeline from fastest to slowest) runs on the
    /// scale-up links when it fits in one domain, and otherwise as one ring at the network's bandwidth (a ring through
    /// several domains is as fast as its slowest link); an all-to-all sends its in-domain share over the scale-up links
    /// and the rest over the network, at the same time.
    /// Bandwidth terms follow nccl-tests' PERFORMANCE.md: all-reduce 2(n-1)/n x S/B, reduce-scatter and all-gather
    /// (n-1)/n x S/B, all-to-all (n-1)/n x S/B, point-to-point S/B; S is the per-device buffer (the full buffer for
    /// all-reduce and reduce-scatter, the gathered output for all-gather, what one device sends for all-to-all).
    /// A ring step costs one latency alpha: 2(n-1) steps for all-reduce, n-1 for the others, 1 for point-to-point.
    /// </summary>
    public static class Collectives
    {
        /// <summary>Link efficiency at message size <paramref name="bytes"/> on a link of <paramref name="bytesPerSecond"/>: e_max S / (S + tau W).</summary>
        public static double LinkEfficiency(double bytes, double bytesPerSecond) =>
            StepTimeConstants.PeakLinkEfficiency * bytes / (bytes + StepTimeConstants.RampSeconds * bytesPerSecond);

        /// <summary>Seconds for one collective of <paramref name="bytes"/> over <paramref name="groupSize"/> devices.</summary>
        public static double Seconds(CollectiveKind kind, double bytes, long groupSize, long stride, Interconnect links)
        {
            if (groupSize <= 1 || bytes <= 0) return 0;
            if (kind == CollectiveKind.PointToPoint)
                return stride < links.ScaleUpDomain
                    ? Level(kind, bytes, 2, links.ScaleUpBytesPerSecond, links.ScaleUpLatencySeconds)
                    : Level(kind, bytes, 2, Network(links), links.ScaleOutLatencySeconds);
            long inner = MembersPerDomain(groupSize, stride, links.ScaleUpDomain);
            long outer = (groupSize + inner - 1) / inner;
            if (outer == 1) return Level(kind, bytes, inner, links.ScaleUpBytesPerSecond, links.ScaleUpLatencySeconds);
            double network = Network(links);
            if (kind == CollectiveKind.AllToAll)
            {
                // Of what a device sends, (inner - 1)/n stays in the domain and (n - inner)/n leaves it.
                double inside = inner > 1 ? Transfer(bytes * (inner - 1) / groupSize, links.ScaleUpBytesPerSecond) + links.ScaleUpLatencySeconds * (inner - 1) : 0;
                double outside = Transfer(bytes * (groupSize - inner) / groupSize, network) + links.ScaleOutLatencySeconds * (groupSize - inner);
                return Math.Max(inside, outside);
            }
            // NCCL runs a ring (one per NIC rail) through every member, so its bus bandwidth is the slowest link's: the
            // network's (nccl-tests PERFORMANCE.md: busbw is bounded by the slowest link of the ring).
            return Level(kind, bytes, groupSize, network, links.ScaleOutLatencySeconds);
        }

        /// <summary>How many members of a strided group one scale-up domain holds.</summary>
        public static long MembersPerDomain(long groupSize, long stride, long domain) =>
            stride >= domain ? 1 : Math.Min(groupSize, Math.Max(1, domain / stride));

        /// <summary>The bandwidth factor of a collective over n devices (nccl-tests' busbw factor).</summary>
        public static double Factor(CollectiveKind kind, long n) => kind switch
        {
            CollectiveKind.AllReduce => 2.0 * (n - 1) / n,
            CollectiveKind.PointToPoint => 1,
            _ => (double)(n - 1) / n,
        };

        /// <summary>Latency steps of a ring collective over n devices.</summary>
        public static double Steps(CollectiveKind kind, long n) => kind switch
        {
            CollectiveKind.AllReduce => 2.0 * (n - 1),
            CollectiveKind.PointToPoint => 1,
            _ => n - 1,
        };

        private static double Level(CollectiveKind kind, double bytes, long n, double bytesPerSecond, double alpha) =>
            alpha * Steps(kind, n) + Transfer(Factor(kind, n) * bytes, bytesPerSecond, bytes);

        // The efficiency is that of the message each device handles, not of the share a step moves.
        private static double Transfer(double moved, double bytesPerSecond, double message = -1)
        {
            if (moved <= 0) return 0;
            double size = message > 0 ? message : moved;
            return moved / (bytesPerSecond * LinkEfficiency(size, bytesPerSecond));
        }

        private static double Network(Interconnect links)
        {
            if (!(links.ScaleOutBytesPerSecond > 0))
                throw new FlopsArgumentException("ScaleOutGbps",
                    "This layout needs the network between scale-up domains, and the hardware row has no ScaleOutGbps; give -ScaleOutGbps.", "NoInterconnect");
            return links.ScaleOutBytesPerSecond;
        }
    }
}
