/** The paper every point-cloud table reproduces, and where its numbers come from. */
export const POINTRAMBA_PAPER = {
  citation: 'Wang, Chen, Wu, Zhao, Zhou, Xu. PoinTramba: A Hybrid Transformer-Mamba Framework for Point Cloud Analysis. arXiv:2405.15463 (2024)',
  url: 'https://arxiv.org/abs/2405.15463',
} as const;

/**
 * PoinTramba's accuracies as the authors' committed training logs give them (github.com/xiaoyao3302/PoinTramba,
 * log/*.txt: the best test accuracy over 300 epochs, no voting; ../shared/papers/pointcloud-pointramba.md).
 * The paper's own table could not be read; its numbers may differ from these maxima.
 */
export const POINTRAMBA_LOGGED_OA = {
  modelnet40: 92.8282,
  'scanobjectnn-objbg': 92.4268,
  'scanobjectnn-objonly': 91.5663,
  'scanobjectnn-pb-t50-rs': 89.4518,
} as const;

export const POINTRAMBA_SOURCE_NOTE =
  "The paper's tables could not be read (../shared/papers/pointcloud-pointramba.md). PoinTramba's reported OA are the best " +
  "test accuracies in the authors' committed training logs (log/PoinTramba_*.txt; 300 epochs, no voting, mAcc not logged); " +
  'every baseline cell is — (no stored source for the baselines beside PoinTramba; quoting them from memory is not allowed here). ' +
  'No published number exists for ModelNet10 with these models: that column is ours only.';
