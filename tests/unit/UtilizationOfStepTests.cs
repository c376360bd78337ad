using PSFlops.Engine;
using PSFlops.Engine.Planning;
using Xunit;

namespace PSFlops.Tests
{
    /// <summary>Get-ModelMfu -StepTime: the step's tokens per second and the utilisation come from the engine.</summary>
    public class UtilizationOfStepTests
    {
        [Fact]
        public void A_step_time_is_the_step_s_tokens_over_its_seconds()
        {
            // karpathy/nanoGPT estimate_mfu: one iteration of 12 sequences x 1024 tokens in 0.5 s is 24,576 tokens/s;
            // 855,166,464 FLOPs per token (PlanningTests derives it) on one A100 at 312e12: 855,166,464 x 24,576 / 312e12.
            Assert.Equal(24_576d, Planner.TokensPerSecondOfStep(0.5, 12, 1024));
            var u = Planner.UtilizationOfStep(855_166_464d, 855_166_464d, 0.5, 12, 1024, 312e12, 1);
            Assert.Equal(24_576d, u.TokensPerSecond);
            Assert.Equal(312e12, u.PeakFlopsPerSecondPerDevice);
            Assert.Equal(855_166_464d * 24_576 / 312e12, u.Mfu, 15);
        }

        [Theory]
        [InlineData(0d)]
        [InlineData(-1d)]
        [InlineData(double.NaN)]
        [InlineData(double.PositiveInfinity)]
        public void A_step_time_must_be_a_finite_positive_number_of_seconds(double seconds)
        {
            var e = Assert.Throws<FlopsArgumentException>(() => Planner.TokensPerSecondOfStep(seconds, 12, 1024));
            Assert.Equal("StepTime", e.ParamName);
        }
    }
}
